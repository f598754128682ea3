using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// The SAELens <c>cfg.json</c> that sits beside <c>sae_weights.safetensors</c>.
/// The hook is <c>metadata.hook_name</c> (SAELens 6+) or top-level <c>hook_name</c> / <c>hook_point</c> (older releases).
/// It is read through <see cref="SafeFile"/> (regular files only, at most <see cref="FileBytes.MaxConfigBytes"/>).
/// </summary>
internal static class SaeLensConfig
{
    public const string FileName = "cfg.json";
    public const string WeightsFileName = "sae_weights.safetensors";

    /// <summary>The hook named by the cfg.json next to <paramref name="weightsPath"/>, or null when there is none.</summary>
    public static string? HookBeside(string weightsPath, CancellationToken cancellationToken = default)
    {
        var cfgPath = Path.Combine(Path.GetDirectoryName(weightsPath) ?? ".", FileName);
        if (!File.Exists(cfgPath)) return null;
        JObject root;
        try
        {
            var bytes = SafeFile.ReadAllBytes(cfgPath, problem => new DirectionLoadException(cfgPath, $"SAELens config {problem}"),
                FileBytes.MaxConfigBytes, cancellationToken);
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(bytes)))
            {
                DateParseHandling = DateParseHandling.None,
                MaxDepth = FileBytes.MaxNesting,
            };
            root = JToken.ReadFrom(reader) as JObject
                ?? throw new DirectionLoadException(cfgPath, "SAELens config is not a JSON object");
        }
        catch (JsonReaderException e)
        {
            throw new DirectionLoadException(cfgPath, $"bad SAELens config JSON: {JsonErrors.Describe(e)}", e);
        }
        catch (JsonException e)
        {
            throw new DirectionLoadException(cfgPath, "bad SAELens config JSON", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DirectionLoadException(cfgPath, $"cannot read SAELens config: {Echo.Input(e.Message, Echo.MaxOriginChars)}", e);
        }
        return Text((root["metadata"] as JObject)?["hook_name"]) ?? Text(root["hook_name"]) ?? Text(root["hook_point"]);
    }

    private static string? Text(JToken? t) => t?.Type == JTokenType.String ? (string?)t : null;
}
