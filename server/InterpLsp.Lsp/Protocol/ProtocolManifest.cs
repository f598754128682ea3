using System.Reflection;
using InterpLsp.Analysis.Explain.Results;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Protocol;

/// <summary>
/// The server's view of its custom protocol as JSON, made from <see cref="InterpProtocol"/>'s descriptors and
/// the types they name (by reflection: every public property by its wire name, <see cref="LspJson.Name"/>, with whether it may be null). A test
/// keeps <c>client/test/unit/fixtures/protocol-manifest.json</c> equal to it, and the client's unit test checks
/// <c>client/src/protocol.ts</c> against that file: the two sides are tied through it.
/// </summary>
public static class ProtocolManifest
{
    /// <summary>LSP's own types, used as field types but not part of the interp surface.</summary>
    private static readonly HashSet<Type> LspTypes = new() { typeof(TextDocumentIdentifier), typeof(Range), typeof(Position) };

    /// <summary>The namespaces whose types are part of the surface: the protocol's own and the explanation results that
    /// <c>interp/explain</c> answers with (camelCase on the wire like the rest, though their files are snake_case).</summary>
    private static readonly HashSet<string?> SurfaceNamespaces = new() { typeof(InterpProtocol).Namespace, typeof(ExplanationResult).Namespace };

    public static JObject Build()
    {
        var types = new List<Type>();
        void Visit(Type t)
        {
            t = Element(t);
            if (!SurfaceNamespaces.Contains(t.Namespace) || LspTypes.Contains(t) || types.Contains(t) || !t.IsClass) return;
            types.Add(t);
            foreach (var p in Properties(t)) Visit(p.PropertyType);
        }

        var requests = new JObject();
        var commands = new JObject();
        foreach (var r in InterpProtocol.Requests.OrderBy(r => r.Method, StringComparer.Ordinal))
        {
            requests[r.Method] = new JObject { ["params"] = r.ParamsType.Name, ["result"] = r.ResultType.Name };
            if (r.Command is { } c) commands[c.Name] = new JObject { ["request"] = r.Method, ["args"] = new JArray(c.Args) };
            Visit(r.ParamsType);
            Visit(r.ResultType);
        }
        var notifications = new JObject();
        foreach (var f in typeof(InterpProtocol).GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var ft = f.FieldType;
            if (!ft.IsGenericType || ft.GetGenericTypeDefinition() != typeof(NotificationType<>)) continue;
            var args = ft.GetGenericArguments();
            notifications[(string)ft.GetProperty("Method")!.GetValue(f.GetValue(null))!] = new JObject { ["params"] = args[0].Name };
            Visit(args[0]);
        }
        Visit(typeof(InterpSettings));

        var nullability = new NullabilityInfoContext();
        var typeMap = new JObject();
        foreach (var t in types)
        {
            var fields = new JObject();
            foreach (var p in Properties(t))
            {
                bool optional = Nullable.GetUnderlyingType(p.PropertyType) is not null
                    || nullability.Create(p).ReadState == NullabilityState.Nullable;
                var name = LspJson.Name(p);
                optional |= p.GetCustomAttribute<JsonPropertyAttribute>() is { NullValueHandling: NullValueHandling.Ignore };
                fields[name] = new JObject { ["optional"] = optional };
            }
            typeMap[t.Name] = fields;
        }

        return new JObject
        {
            ["requests"] = requests,
            ["notifications"] = notifications,
            ["commands"] = commands,
            ["types"] = typeMap,
            ["semanticTokens"] = new JObject
            {
                ["types"] = new JArray(InterpSemanticTokens.Types),
                ["modifiers"] = new JArray(InterpSemanticTokens.Modifiers),
            },
            ["settings"] = new JObject
            {
                ["DefaultModel"] = InterpSettings.DefaultModel,
                ["DefaultHook"] = InterpSettings.DefaultHook,
            },
            // The rules the client checks input against before sending it (the server's rule decides).
            ["rules"] = new JObject
            {
                ["libraryName"] = new JObject
                {
                    ["maxLength"] = InterpLsp.Library.DirectionLibrary.MaxNameLength,
                    ["reservedPrefixes"] = new JArray(InterpLsp.Library.DirectionLibrary.ReservedNamePrefixes),
                },
                // the kinds of hypothesis interp/testExplanation takes (the user-hypothesis family's)
                ["hypothesisKinds"] = new JArray(InterpLsp.Analysis.Explain.Results.Hypothesis.Kinds),
            },
        };
    }

    public static string Json() => Build().ToString(Formatting.Indented).Replace("\r\n", "\n") + "\n";

    private static IEnumerable<PropertyInfo> Properties(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

    private static Type Element(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } u) return u;
        if (t.IsArray) return t.GetElementType()!;
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)) return t.GetGenericArguments()[0];
        return t;
    }
}
