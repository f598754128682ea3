using System.Numerics;
using System.Text;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// Reads a direction from JSON. Two layouts:
/// <list type="bullet">
/// <item>single: <c>{"name", "hook", "model"?, "vector": [...], "bias"?, "scale"?, "kind"?: "projection"|"probe"}</c>;
/// a bias or scale makes it a probe unless kind says otherwise.</item>
/// <item>SAEDashboard vector set: <c>{"vectors": [[...], ...], "hook_point"?, "hook_layer"?, "names"?}</c> or the saved
/// form <c>{"vectors", "config": {"hook_name", "hook_layer", "vector_names"}}</c>; row 0 unless #ROW is given.</item>
/// </list>
/// The file (at most <see cref="FileBytes.MaxJsonBytes"/>, nested at most <see cref="JsonErrors.MaxNesting"/> deep) is
/// streamed, never held as a tree: the vector is read number by number and refused at the hook's width + 1, other
/// arrays are skipped. When the hook is only known after the vector (it comes later in the file), the vector is read
/// against a guessed width and, if the guess was too small, read again in a second pass.
/// </summary>
internal static class JsonDirectionReader
{
    public static RawVector Read(string origin, string fullPath, TensorSelector selector, HookResolver hooks,
        CancellationToken cancellationToken = default)
    {
        if (selector.Name is not null)
            throw new DirectionLoadException(origin, $"'#{Echo.Input(selector.Name)}' names a tensor, which applies only to .safetensors (use #ROW for a row of \"vectors\")");
        int row = selector.Row ?? 0;

        var doc = Scan(origin, fullPath, row, hooks, known: null, cancellationToken);
        bool single = doc.Has("vector");
        if (single && selector.Row is not null)
            throw new DirectionLoadException(origin, $"file holds a single \"vector\"; a row index [{selector.Row}] does not apply");
        if (!single && !doc.Has("vectors"))
            throw new DirectionLoadException(origin, "JSON has neither a \"vector\" nor a \"vectors\" field");

        var fileHook = single ? doc.SingleHook(origin) : doc.SetHook(origin);
        if (doc.OverflowedIn == (single ? "vector" : "vectors"))
        {
            // The vector outgrew a guessed width; now the whole file has been seen, so the hook is known.
            var (hook, width) = hooks.Resolve(fileHook);
            if (width <= doc.Limit)
                throw TooMany(origin, doc.What, hook, width);
            doc = Scan(origin, fullPath, row, hooks, known: (hook, width), cancellationToken);
        }
        return single ? doc.Single(origin) : doc.Set(origin, row, fileHook);
    }

    private static DirectionLoadException TooMany(string origin, string what, string hook, int width) =>
        new(origin, $"{what} has more than {width} numbers, the width of hook '{Echo.Input(hook)}'");

    /// <summary>One pass over the file. <paramref name="known"/>: the hook and width when already certain.</summary>
    private static Doc Scan(string origin, string fullPath, int row, HookResolver hooks, (string Hook, int Width)? known,
        CancellationToken ct)
    {
        Exception Fail(string problem) => new DirectionLoadException(origin, problem);
        using var handle = FileBytes.Open(origin, fullPath, FileBytes.MaxJsonBytes, ct);
        using var stream = SafeFile.Stream(handle, Fail, FileBytes.MaxJsonBytes, ct);
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        using var reader = new JsonTextReader(text)
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = JsonErrors.MaxNesting,
        };
        var doc = new Doc(reader, hooks, known, ct);
        try
        {
            if (!Doc.Read(reader) || reader.TokenType != JsonToken.StartObject)
                throw Fail("JSON root is not an object");
            doc.ReadRoot(origin, row);
            if (Doc.Read(reader))
                throw Fail("bad JSON: text after the top-level object" + JsonErrors.Where(reader.LineNumber, reader.LinePosition));
            return doc;
        }
        catch (JsonReaderException e)
        {
            throw new DirectionLoadException(origin, $"bad JSON: {JsonErrors.Describe(e)}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new DirectionLoadException(origin, "bad JSON: not valid UTF-8" + (e.Index >= 0 ? $" (near byte {e.Index} of a read)" : ""), e);
        }
        catch (IOException e)
        {
            throw new DirectionLoadException(origin, $"cannot read file: {Echo.Input(e.Message, Echo.MaxOriginChars)}", e);
        }
    }

    /// <summary>A scalar value of a known key, kept with its token type so each layout can judge it as before.</summary>
    private readonly record struct Scalar(JsonToken Type, object? Value);

    private sealed class Doc(JsonTextReader reader, HookResolver hooks, (string Hook, int Width)? known, CancellationToken ct)
    {
        private readonly Dictionary<string, Scalar> _root = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Scalar> _config = new(StringComparer.Ordinal);
        private readonly HashSet<string> _present = new(StringComparer.Ordinal);
        private float[]? _vector, _row;
        private bool _vectorNotArray, _vectorsNotArray, _rowNotArray;
        private long _rows;
        private string? _name, _configName;
        private long _tokens;

        /// <summary>The key ("vector" or "vectors") whose vector outgrew a guessed <see cref="Limit"/> (so it must be judged
        /// again once the hook is known); null when none did.</summary>
        public string? OverflowedIn { get; private set; }
        public int Limit { get; private set; }
        public string What { get; private set; } = "\"vector\"";

        public bool Has(string key) => _present.Contains(key);

        public void ReadRoot(string origin, int row)
        {
            while (Next() && reader.TokenType == JsonToken.PropertyName)
            {
                var key = (string)reader.Value!;
                Next();
                switch (key)
                {
                    case "vector":
                        Once(origin, key);
                        if (reader.TokenType == JsonToken.StartArray) _vector = Numbers(origin, "\"vector\"", SingleGuess(origin));
                        else { _vectorNotArray = true; Skip(); }
                        break;
                    case "vectors":
                        Once(origin, key);
                        if (reader.TokenType == JsonToken.StartArray) Rows(origin, row);
                        else { _vectorsNotArray = true; Skip(); }
                        break;
                    case "names":
                        Once(origin, key);
                        _name = Pick(row);
                        break;
                    case "config":
                        Once(origin, key);
                        if (reader.TokenType == JsonToken.StartObject) Config(origin, row);
                        else Skip();
                        break;
                    case "hook" or "hook_point" or "name" or "kind" or "bias" or "scale" or "hook_layer" or "model":
                        Once(origin, key);
                        _root[key] = Value();
                        break;
                    default:
                        Skip();
                        break;
                }
            }
            if (reader.TokenType != JsonToken.EndObject) throw new JsonReaderException("Unexpected end of object.");
        }

        private void Config(string origin, int row)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (Next() && reader.TokenType == JsonToken.PropertyName)
            {
                var key = (string)reader.Value!;
                Next();
                if (key is "hook_name" or "hook_layer" or "vector_names" && !seen.Add(key))
                    throw new DirectionLoadException(origin, $"\"config\" has the key \"{key}\" twice");
                switch (key)
                {
                    case "hook_name" or "hook_layer": _config[key] = Value(); break;
                    case "vector_names": _configName = Pick(row); break;
                    default: Skip(); break;
                }
            }
        }

        private void Once(string origin, string key)
        {
            if (!_present.Add(key)) throw new DirectionLoadException(origin, $"JSON has the key \"{key}\" twice");
        }

        /// <summary>The width to stop the single vector at: certain with @HOOK or when "hook" came first, else a guess.</summary>
        private (int Limit, bool Certain, string? Hook) SingleGuess(string origin)
        {
            if (known is { } k) return (k.Width, true, k.Hook);
            if (hooks.HasOverride || _root.TryGetValue("hook", out var h) && h.Type == JsonToken.String)
            {
                var (hook, width) = hooks.Resolve(SingleHook(origin));
                return (width, true, hook);
            }
            return Guess(SingleHook(origin));
        }

        private (int Limit, bool Certain, string? Hook) SetGuess(string origin)
        {
            if (known is { } k) return (k.Width, true, k.Hook);
            if (hooks.HasOverride)
            {
                var (hook, width) = hooks.Resolve(null);
                return (width, true, hook);
            }
            return Guess(SetHook(origin));
        }

        private (int Limit, bool Certain, string? Hook) Guess(string? fileHook) =>
            hooks.TryResolve(fileHook) is { } g ? (g.Width, false, g.Hook) : ((int)FileBytes.MaxElements, false, null);

        private void Rows(string origin, int row)
        {
            _rows = 0;
            while (Next() && reader.TokenType != JsonToken.EndArray)
            {
                if (_rows == row)
                {
                    if (reader.TokenType == JsonToken.StartArray) _row = Numbers(origin, $"\"vectors\"[{row}]", SetGuess(origin));
                    else { _rowNotArray = true; Skip(); }
                }
                else Skip();
                _rows++;
            }
        }

        /// <summary>The numbers of the array the reader is at, stopping at limit + 1.</summary>
        private float[]? Numbers(string origin, string what, (int Limit, bool Certain, string? Hook) bound)
        {
            var values = new List<float>(Math.Min(bound.Limit + 1, 1 << 16));
            int depth = reader.Depth;
            while (true)
            {
                Next();
                switch (reader.TokenType)
                {
                    case JsonToken.EndArray:
                        return values.ToArray();
                    case JsonToken.Integer or JsonToken.Float:
                        if (values.Count == bound.Limit)
                        {
                            if (bound.Certain) throw TooMany(origin, what, bound.Hook!, bound.Limit);
                            OverflowedIn = what == "\"vector\"" ? "vector" : "vectors";
                            Limit = bound.Limit;
                            What = what;
                            SkipToEndOf(depth);
                            return null;
                        }
                        values.Add((float)ToDouble(reader.Value));
                        break;
                    case JsonToken.StartArray:
                        throw new DirectionLoadException(origin, $"{what} is not 1-D: element {values.Count} is an array");
                    default:
                        throw new DirectionLoadException(origin, $"{what} element {values.Count} is not a number (it is {Describe(reader.TokenType)})");
                }
            }
        }

        private string? Pick(int row)
        {
            if (reader.TokenType != JsonToken.StartArray) { Skip(); return null; }
            string? picked = null;
            long i = 0;
            while (Next() && reader.TokenType != JsonToken.EndArray)
            {
                if (i++ == row && reader.TokenType == JsonToken.String) picked = (string?)reader.Value;
                else Skip();
            }
            return picked;
        }

        private Scalar Value()
        {
            var type = reader.TokenType;
            if (type is JsonToken.StartArray or JsonToken.StartObject) { Skip(); return new Scalar(type, null); }
            return new Scalar(type, reader.Value);
        }

        private bool Next()
        {
            if ((++_tokens & 4095) == 0) ct.ThrowIfCancellationRequested();
            if (!Read(reader)) throw new JsonReaderException("Unexpected end when reading JSON.");
            return true;
        }

        /// <summary>The next token that is not a comment.</summary>
        public static bool Read(JsonTextReader reader)
        {
            while (reader.Read())
                if (reader.TokenType != JsonToken.Comment) return true;
            return false;
        }

        private void Skip()
        {
            if (reader.TokenType is JsonToken.StartArray or JsonToken.StartObject) SkipToEndOf(reader.Depth);
        }

        private void SkipToEndOf(int depth)
        {
            do Next();
            while (reader.Depth > depth || reader.TokenType is not (JsonToken.EndArray or JsonToken.EndObject));
        }

        public string? SingleHook(string origin) => OptionalString(origin, _root, "hook") ?? OptionalString(origin, _root, "hook_point");

        public string? SetHook(string origin)
        {
            var hook = OptionalString(origin, _root, "hook_point") ?? OptionalString(origin, _root, "hook")
                ?? (Has("config") ? OptionalString(origin, _config, "hook_name") : null);
            return WithLayer(hook, _root.TryGetValue("hook_layer", out var l) ? l : _config.GetValueOrDefault("hook_layer"));
        }

        public RawVector Single(string origin)
        {
            if (_vectorNotArray) throw new DirectionLoadException(origin, "\"vector\" is not an array of numbers");
            var bias = OptionalNumber(origin, _root, "bias");
            var scale = OptionalNumber(origin, _root, "scale");
            DirectionKind? kind = OptionalString(origin, _root, "kind")?.ToLowerInvariant() switch
            {
                null => bias is not null || scale is not null ? DirectionKind.Probe : null,
                "projection" => DirectionKind.Projection,
                "probe" => DirectionKind.Probe,
                _ => throw new DirectionLoadException(origin, "\"kind\" must be \"projection\" or \"probe\""),
            };
            return new RawVector(_vector!, Hook: SingleHook(origin), Name: OptionalString(origin, _root, "name"),
                Bias: bias, Scale: scale, Kind: kind, Model: OptionalString(origin, _root, "model"));
        }

        public RawVector Set(string origin, int row, string? hook)
        {
            if (_vectorsNotArray) throw new DirectionLoadException(origin, "\"vectors\" is not an array of vectors");
            if (row >= _rows)
                throw new DirectionLoadException(origin, $"row index {row} is out of range: \"vectors\" has {_rows} rows");
            if (_rowNotArray) throw new DirectionLoadException(origin, $"\"vectors\"[{row}] is not an array of numbers");
            return new RawVector(_row!, Hook: hook, Name: _name ?? _configName, Kind: DirectionKind.Projection);
        }
    }

    /// <summary>SAEDashboard may store a bare hook name ("hook_resid_pre") next to hook_layer; make it a full TransformerLens name.</summary>
    private static string? WithLayer(string? hook, Scalar? layer)
    {
        if (hook is null || hook.Contains('.') || hook is "hook_embed" or "hook_pos_embed") return hook;
        return layer is { Type: JsonToken.Integer, Value: long l } ? $"blocks.{l}.{hook}" : hook;
    }

    private static double ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        BigInteger b => (double)b,
        decimal m => (double)m,
        _ => double.NaN,
    };

    private static string Describe(JsonToken t) => t switch
    {
        JsonToken.String => "a string",
        JsonToken.Boolean => "true or false",
        JsonToken.Null => "null",
        JsonToken.StartObject => "an object",
        _ => "not a number",
    };

    private static float? OptionalNumber(string origin, Dictionary<string, Scalar> o, string key) => o.TryGetValue(key, out var v) ? v.Type switch
    {
        JsonToken.Null => null,
        JsonToken.Integer or JsonToken.Float => (float)ToDouble(v.Value),
        _ => throw new DirectionLoadException(origin, $"\"{key}\" is not a number"),
    } : null;

    private static string? OptionalString(string origin, Dictionary<string, Scalar> o, string key) => o.TryGetValue(key, out var v) ? v.Type switch
    {
        JsonToken.Null => null,
        JsonToken.String => (string?)v.Value,
        _ => throw new DirectionLoadException(origin, $"\"{key}\" is not a string"),
    } : null;
}
