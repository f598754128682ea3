using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// Reads a direction from JSON. Two layouts:
/// <list type="bullet">
/// <item>single: <c>{"name", "hook", "vector": [...], "bias"?, "scale"?, "kind"?: "projection"|"probe"}</c>;
/// a bias or scale makes it a probe unless kind says otherwise.</item>
/// <item>SAEDashboard vector set: <c>{"vectors": [[...], ...], "hook_point"?, "hook_layer"?, "names"?}</c> or the saved
/// form <c>{"vectors", "config": {"hook_name", "hook_layer", "vector_names"}}</c>; row 0 unless #ROW is given.</item>
/// </list>
/// </summary>
internal static class JsonDirectionReader
{
    public static RawVector Read(string origin, string fullPath, TensorSelector selector)
    {
        if (selector.Name is not null)
            throw new DirectionLoadException(origin, $"'#{selector.Name}' names a tensor, which applies only to .safetensors (use #ROW for a row of \"vectors\")");
        var root = Parse(origin, fullPath);
        if (root["vector"] is { } single)
        {
            if (selector.Row is not null)
                throw new DirectionLoadException(origin, $"file holds a single \"vector\"; a row index [{selector.Row}] does not apply");
            return Single(origin, root, single);
        }
        if (root["vectors"] is { } set)
            return FromSet(origin, root, set, selector.Row ?? 0);
        throw new DirectionLoadException(origin, "JSON has neither a \"vector\" nor a \"vectors\" field");
    }

    private static JObject Parse(string origin, string fullPath)
    {
        try
        {
            using var reader = new JsonTextReader(File.OpenText(fullPath))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
            };
            var token = JToken.ReadFrom(reader);
            return token as JObject ?? throw new DirectionLoadException(origin, "JSON root is not an object");
        }
        catch (JsonException e)
        {
            throw new DirectionLoadException(origin, $"bad JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DirectionLoadException(origin, $"cannot read file: {e.Message}", e);
        }
    }

    private static RawVector Single(string origin, JObject root, JToken vector)
    {
        var bias = OptionalNumber(origin, root, "bias");
        var scale = OptionalNumber(origin, root, "scale");
        DirectionKind? kind = OptionalString(origin, root, "kind")?.ToLowerInvariant() switch
        {
            null => bias is not null || scale is not null ? DirectionKind.Probe : null,
            "projection" => DirectionKind.Projection,
            "probe" => DirectionKind.Probe,
            var k => throw new DirectionLoadException(origin, $"\"kind\" is '{k}'; expected \"projection\" or \"probe\""),
        };
        return new RawVector(Numbers(origin, vector, "\"vector\""),
            Hook: OptionalString(origin, root, "hook") ?? OptionalString(origin, root, "hook_point"), Name: OptionalString(origin, root, "name"),
            Bias: bias, Scale: scale, Kind: kind);
    }

    private static RawVector FromSet(string origin, JObject root, JToken set, int row)
    {
        if (set is not JArray rows)
            throw new DirectionLoadException(origin, "\"vectors\" is not an array of vectors");
        if (row >= rows.Count)
            throw new DirectionLoadException(origin, $"row index {row} is out of range: \"vectors\" has {rows.Count} rows");

        var config = root["config"] as JObject;
        string? hook = OptionalString(origin, root, "hook_point") ?? OptionalString(origin, root, "hook")
            ?? (config is null ? null : OptionalString(origin, config, "hook_name"));
        var layer = root["hook_layer"] ?? config?["hook_layer"];
        var names = root["names"] as JArray ?? config?["vector_names"] as JArray;
        string? name = names is not null && row < names.Count && names[row].Type == JTokenType.String ? (string?)names[row] : null;

        return new RawVector(Numbers(origin, rows[row], $"\"vectors\"[{row}]"),
            Hook: WithLayer(hook, layer), Name: name, Kind: DirectionKind.Projection);
    }

    /// <summary>SAEDashboard may store a bare hook name ("hook_resid_pre") next to hook_layer; make it a full TransformerLens name.</summary>
    private static string? WithLayer(string? hook, JToken? layer)
    {
        if (hook is null || hook.Contains('.') || hook is "hook_embed" or "hook_pos_embed") return hook;
        return layer is { Type: JTokenType.Integer } ? $"blocks.{(long)layer}.{hook}" : hook;
    }

    private static float[] Numbers(string origin, JToken token, string what)
    {
        if (token is not JArray a)
            throw new DirectionLoadException(origin, $"{what} is not an array of numbers");
        FileBytes.CheckVectorLength(origin, a.Count);
        var result = new float[a.Count];
        for (int i = 0; i < a.Count; i++)
        {
            result[i] = a[i].Type switch
            {
                JTokenType.Integer or JTokenType.Float => (float)(double)a[i],
                JTokenType.Array => throw new DirectionLoadException(origin, $"{what} is not 1-D: element {i} is an array"),
                _ => throw new DirectionLoadException(origin, $"{what} element {i} is not a number ({a[i].Type})"),
            };
        }
        return result;
    }

    private static float? OptionalNumber(string origin, JObject o, string key) => o[key] switch
    {
        null or { Type: JTokenType.Null } => null,
        { Type: JTokenType.Integer or JTokenType.Float } v => (float)(double)v,
        _ => throw new DirectionLoadException(origin, $"\"{key}\" is not a number"),
    };

    private static string? OptionalString(string origin, JObject o, string key) => o[key] switch
    {
        null or { Type: JTokenType.Null } => null,
        { Type: JTokenType.String } v => (string?)v,
        _ => throw new DirectionLoadException(origin, $"\"{key}\" is not a string"),
    };
}
