using System.Reflection;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Protocol;

/// <summary>A request: its method name tied to its params and result types (rust-analyzer's <c>lsp_ext.rs</c>
/// style), and, for an action a client without the extension may run (neovim, a hover card's link), its
/// <c>workspace/executeCommand</c> form. An endpoint (<see cref="Endpoints.Endpoint{TParams,TResult}"/>) is
/// registered from its descriptor, so a handler of the wrong type does not compile.</summary>
public sealed record RequestType<TParams, TResult>(string Method, CommandForm? Command) : IRequestType
    where TParams : class, new()
{
    public Type ParamsType => typeof(TParams);
    public Type ResultType => typeof(TResult);
    /// <summary>The action's name as a command (a hover card links to it), else the method.</summary>
    public string Name => Command?.Name ?? Method;
}

public interface IRequestType
{
    string Method { get; }
    CommandForm? Command { get; }
    Type ParamsType { get; }
    Type ResultType { get; }
}

/// <summary>A request's command form: the command's name and its positional string arguments, each the name of a
/// field of the request's params (the command table builds the params object from them).</summary>
public sealed record CommandForm(string Name, IReadOnlyList<string> Args);

/// <summary>A notification the server sends, tied to its params type.</summary>
public sealed record NotificationType<TParams>(string Method);

/// <summary>The params of a request that takes none (<c>{}</c> or absent).</summary>
public sealed class NoParams;

/// <summary>Params that may carry the client's work-done progress token (LSP's <c>WorkDoneProgressParams</c>).</summary>
public class WorkDoneParams
{
    public JToken? WorkDoneToken { get; set; }
}

/// <summary>
/// Every interp/* request and notification of the server, declared in the partial files beside this one by topic
/// (activations, selection, probe runs, explanations). An action has one id: <c>NAME</c> gives the request
/// <c>interp/NAME</c> and its command <c>interp.NAME</c>. The capability list, the JSON-RPC registration and the
/// command table are made from these descriptors, and <see cref="ProtocolManifest"/> writes them (with every
/// type's fields) to <c>client/test/unit/fixtures/protocol-manifest.json</c>, which the client's
/// <c>protocol.ts</c> is checked against.
/// </summary>
public static partial class InterpProtocol
{
    /// <summary>A request with no command form.</summary>
    private static RequestType<TParams, TResult> Request<TParams, TResult>(string method) where TParams : class, new() => new(method, null);

    /// <summary>An action: the request <c>interp/NAME</c> and the command <c>interp.NAME</c> taking <paramref name="args"/>.</summary>
    private static RequestType<TParams, TResult> Action<TParams, TResult>(string name, params string[] args) where TParams : class, new() =>
        new("interp/" + name, new CommandForm("interp." + name, args));

    /// <summary>Every request, in declaration order.</summary>
    public static IReadOnlyList<IRequestType> Requests => Declared<IRequestType>();

    /// <summary>The requests that have a command form.</summary>
    public static IReadOnlyList<IRequestType> Commands => Requests.Where(r => r.Command is not null).ToList();

    public static string[] CommandNames => Commands.Select(c => c.Command!.Name).ToArray();

    public static string[] NotificationMethods => typeof(InterpProtocol).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(NotificationType<>))
        .Select(f => (string)f.FieldType.GetProperty("Method")!.GetValue(f.GetValue(null))!).ToArray();

    /// <summary>The <c>experimental.interp</c> capability: what this server implements beyond LSP.</summary>
    public static JObject Capability() => new()
    {
        ["requests"] = new JArray(Requests.Select(r => r.Method)),
        ["notifications"] = new JArray(NotificationMethods),
    };

    /// <summary>The descriptors of type <typeparamref name="T"/>, in the order the fields are declared.</summary>
    private static IReadOnlyList<T> Declared<T>() => typeof(InterpProtocol).GetFields(BindingFlags.Public | BindingFlags.Static)
        .OrderBy(f => f.MetadataToken).Select(f => f.GetValue(null)).OfType<T>().ToList();
}

/// <summary>Semantic token legend: an editor-agnostic view for clients without the extension.</summary>
public static class InterpSemanticTokens
{
    public static readonly string[] Types = { "activationPositive", "activationNegative" };
    public static readonly string[] Modifiers = Enumerable.Range(1, InterpLsp.Interp.Activations.PaintRule.Levels).Select(l => $"level{l}").ToArray();
}
