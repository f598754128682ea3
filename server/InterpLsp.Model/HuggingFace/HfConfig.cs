using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// A Hugging Face <c>config.json</c>, read through <see cref="SafeFile"/> (at most <see cref="MaxBytes"/>, nesting at
/// most <see cref="JsonErrors.MaxNesting"/>), with typed getters whose errors name the file and the field. Unknown
/// fields are ignored, as transformers ignores them.
/// </summary>
public sealed class HfConfig
{
    public const long MaxBytes = 1L << 20;

    private readonly JObject _json;

    public HfConfig(string path, JObject json)
    {
        Path = path;
        _json = json;
    }

    /// <summary>The file this config was read from (for messages).</summary>
    public string Path { get; }

    public static HfConfig Read(string path) => new(path, ReadJson(path, MaxBytes));

    /// <summary>A JSON object file read with the size and nesting bounds (config.json, tokenizer_config.json, an index).</summary>
    public static JObject ReadJson(string path, long maxBytes)
    {
        using var handle = SafeFile.Open(path, p => new ModelFolderException(path, p), maxBytes);
        using var stream = new FileStream(handle, FileAccess.Read);
        using var text = new StreamReader(stream);
        try
        {
            using var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, MaxDepth = JsonErrors.MaxNesting };
            var token = JToken.ReadFrom(reader);
            if (reader.Read()) throw new ModelFolderException(path, "text after the JSON object");
            return token as JObject ?? throw new ModelFolderException(path, "the JSON is not an object");
        }
        catch (JsonException e)
        {
            throw new ModelFolderException(path, $"malformed JSON: {JsonErrors.Describe(e)}", e);
        }
    }

    /// <summary>The first of <c>architectures</c>, else <c>model_type</c>, else "".</summary>
    public string Architecture =>
        (_json["architectures"] as JArray)?.FirstOrDefault()?.Type == JTokenType.String
            ? (string)((JArray)_json["architectures"]!)[0]!
            : OptionalString("model_type") ?? "";

    public string? ModelType => OptionalString("model_type");

    public bool Has(string name) => _json[name] is { Type: not JTokenType.Null };

    public JToken? Raw(string name) => _json[name];

    /// <summary>A positive integer field, trying each name in turn (configs spell the same size differently).</summary>
    public int PositiveInt(params string[] names) => OptionalPositiveInt(names) ??
        throw new ModelFolderException(Path, $"'{names[0]}' is missing (a positive integer is needed)");

    public int? OptionalPositiveInt(params string[] names)
    {
        foreach (var n in names)
        {
            var t = _json[n];
            if (t is null || t.Type == JTokenType.Null) continue;
            if (t.Type != JTokenType.Integer) throw new ModelFolderException(Path, $"'{n}' is not an integer");
            long v;
            try { v = (long)t; } catch (OverflowException) { throw new ModelFolderException(Path, $"'{n}' is out of range"); }
            if (v <= 0 || v > 1 << 24) throw new ModelFolderException(Path, $"'{n}' is {v}; expected a positive integer at most {1 << 24}");
            return (int)v;
        }
        return null;
    }

    public double Double(string name, double fallback)
    {
        var t = _json[name];
        if (t is null || t.Type == JTokenType.Null) return fallback;
        if (t.Type is not (JTokenType.Float or JTokenType.Integer)) throw new ModelFolderException(Path, $"'{name}' is not a number");
        var v = (double)t;
        if (!double.IsFinite(v)) throw new ModelFolderException(Path, $"'{name}' is not finite");
        return v;
    }

    public bool Bool(string name, bool fallback)
    {
        var t = _json[name];
        if (t is null || t.Type == JTokenType.Null) return fallback;
        if (t.Type != JTokenType.Boolean) throw new ModelFolderException(Path, $"'{name}' is not true or false");
        return (bool)t;
    }

    public string? OptionalString(string name)
    {
        var t = _json[name];
        if (t is null || t.Type == JTokenType.Null) return null;
        if (t.Type != JTokenType.String) throw new ModelFolderException(Path, $"'{name}' is not a string");
        return (string)t!;
    }

    /// <summary>An integer token id field (bos_token_id); a list takes its first entry; null when absent.</summary>
    public int? TokenId(string name)
    {
        var t = _json[name];
        if (t is JArray a) t = a.FirstOrDefault();
        if (t is null || t.Type != JTokenType.Integer) return null;
        long v = (long)t;
        return v is >= 0 and < int.MaxValue ? (int)v : null;
    }
}
