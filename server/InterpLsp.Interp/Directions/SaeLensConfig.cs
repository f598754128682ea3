using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// The SAELens <c>cfg.json</c> that sits beside <c>sae_weights.safetensors</c>.
/// The hook is <c>metadata.hook_name</c> (SAELens 6+) or top-level <c>hook_name</c> / <c>hook_point</c> (older releases).
/// </summary>
internal static class SaeLensConfig
{
    public const string FileName = "cfg.json";
    public const string WeightsFileName = "sae_weights.safetensors";

    /// <summary>The hook named by the cfg.json next to <paramref name="weightsPath"/>, or null when there is none.</summary>
    public static string? HookBeside(string weightsPath)
    {
        var cfgPath = Path.Combine(Path.GetDirectoryName(weightsPath) ?? ".", FileName);
        if (!File.Exists(cfgPath)) return null;
        JObject root;
        try
        {
            using var reader = new JsonTextReader(File.OpenText(cfgPath)) { DateParseHandling = DateParseHandling.None };
            root = JToken.ReadFrom(reader) as JObject
                ?? throw new DirectionLoadException(cfgPath, "SAELens config is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new DirectionLoadException(cfgPath, $"bad SAELens config JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DirectionLoadException(cfgPath, $"cannot read SAELens config: {e.Message}", e);
        }
        return Text((root["metadata"] as JObject)?["hook_name"]) ?? Text(root["hook_name"]) ?? Text(root["hook_point"]);
    }

    private static string? Text(JToken? t) => t?.Type == JTokenType.String ? (string?)t : null;
}
