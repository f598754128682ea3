using System.Text;
using InterpLsp.Interp.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Model.Tokenization;

/// <summary>What a byte-level BPE tokenizer is made of, as read from tokenizer.json or vocab.json + merges.txt.</summary>
internal sealed class BpeDefinition
{
    public required string Origin { get; init; }
    public required Dictionary<string, int> Vocab { get; init; }
    public required List<(string Left, string Right)> Merges { get; init; }
    public required BpeOptions Options { get; init; }
    /// <summary>In file order, ids not yet assigned (HF assigns them when the tokenizer is built).</summary>
    public required List<AddedToken> AddedTokens { get; init; }
    public required List<SplitStep> Splits { get; init; }
    /// <summary>The ByteLevel pre-tokenizer of a byte-level BPE; null for a SentencePiece-style BPE (<see cref="Metaspace"/>).</summary>
    public required ByteLevelStep? ByteLevel { get; init; }
    /// <summary>The NFC normalizer (Qwen2, GPT-NeoX/Pythia).</summary>
    public bool Nfc { get; init; }
    /// <summary>SentencePiece-style BPE over characters (Llama 2, Mistral): spaces become "▁", with a "▁" prepended as
    /// declared; null for byte-level BPE.</summary>
    public MetaspaceStep? Metaspace { get; init; }
}

/// <summary>When a "▁" is put before a segment of text: <see cref="EverySegment"/> is the legacy Llama 2 normalizer
/// (<c>Prepend</c>, before every non-empty segment between added tokens, whatever it starts with); the others are the
/// <c>Metaspace</c> pre-tokenizer's <c>prepend_scheme</c> (never; only for the segment at the start of the input;
/// always), which puts none before a segment that already starts with "▁".</summary>
internal enum MetaspacePrepend { Never, First, Always, EverySegment }

/// <summary>HF's Metaspace pre-tokenizer, or the legacy normalizer pair Prepend("▁") + Replace(" ", "▁") that Llama 2's
/// and Mistral's tokenizer.json files declare: spaces become <see cref="Replacement"/>, a replacement is prepended as
/// <see cref="Prepend"/> says, and with <see cref="Split"/> the text is split before every replacement.</summary>
internal sealed record MetaspaceStep(char Replacement, MetaspacePrepend Prepend, bool Split);

/// <summary>
/// Reads tokenizer files through <see cref="SafeFile"/> (regular files only, at most <see cref="MaxFileBytes"/>), as
/// strict UTF-8 JSON nested at most <see cref="JsonErrors.MaxNesting"/> deep. The vocabulary and merges are streamed;
/// the small sections (added_tokens, normalizer, pre_tokenizer) are read as trees. Every error names the file, and
/// describes (never quotes) its contents, except the name of an unsupported component type.
/// </summary>
internal static class TokenizerJsonReader
{
    /// <summary>Largest tokenizer.json, vocab.json or merges.txt accepted (Llama 3's tokenizer.json is 9 MB).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Vocabulary ids may leave holes, but stay below the number of entries plus this.</summary>
    public const int MaxIdSlack = 65_536;

    public static Exception Fail(string origin, string problem) =>
        new InvalidDataException($"tokenizer file '{Echo.Origin(origin)}': {problem}");

    private static Exception UnsupportedModel(string origin, string type) =>
        Unsupported(origin, $"model type \"{Echo.Input(type)}\" is not supported (only \"BPE\", byte-level)");

    private static Exception Unsupported(string origin, string problem) =>
        new NotSupportedException($"tokenizer file '{Echo.Origin(origin)}': {problem}");

    public static BpeDefinition ReadTokenizerJson(string path)
    {
        string full = Path.GetFullPath(path);
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var merges = new List<(string, string)>();
        string? modelType = null;
        JToken? addedTokens = null, normalizer = null, preTokenizer = null;
        var options = new BpeOptions();
        bool sawModel = false, sawVocab = false, sawMerges = false;
        string? badShape = null, vocabProblem = null;

        Read(path, full, reader =>
        {
            Expect(reader, JsonToken.StartObject, path, "the top level is not a JSON object");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (Next(reader) && reader.TokenType == JsonToken.PropertyName)
            {
                string name = (string)reader.Value!;
                if (!seen.Add(name)) throw Fail(path, $"the field \"{Echo.Input(name)}\" appears twice" + Where(reader));
                Next(reader);
                switch (name)
                {
                    case "model":
                        sawModel = true;
                        if (reader.TokenType != JsonToken.StartObject) throw Fail(path, "\"model\" is not an object" + Where(reader));
                        var seenModel = new HashSet<string>(StringComparer.Ordinal);
                        while (Next(reader) && reader.TokenType == JsonToken.PropertyName)
                        {
                            string key = (string)reader.Value!;
                            if (!seenModel.Add(key)) throw Fail(path, $"the field \"model.{Echo.Input(key)}\" appears twice" + Where(reader));
                            Next(reader);
                            switch (key)
                            {
                                case "type":
                                    modelType = String(reader, path, "model.type");
                                    if (modelType != "BPE") throw UnsupportedModel(path, modelType);
                                    break;
                                // Another model's vocab or merges may have another shape (Unigram's is an array): the
                                // type, wherever it is in the object, is what is reported then.
                                case "vocab" when reader.TokenType != JsonToken.StartObject: badShape ??= "the vocabulary is not a JSON object" + Where(reader); reader.Skip(); break;
                                case "merges" when reader.TokenType != JsonToken.StartArray: badShape ??= "\"model.merges\" is not an array" + Where(reader); reader.Skip(); break;
                                case "vocab": sawVocab = true; ReadVocab(reader, path, vocab, ref vocabProblem); break;
                                case "merges": sawMerges = true; ReadMerges(reader, path, merges); break;
                                case "unk_token": options = options with { UnkToken = NullableString(reader, path, "model.unk_token") }; break;
                                case "continuing_subword_prefix": options = options with { ContinuingSubwordPrefix = NullableString(reader, path, "model." + key) }; break;
                                case "end_of_word_suffix": options = options with { EndOfWordSuffix = NullableString(reader, path, "model." + key) }; break;
                                case "fuse_unk": options = options with { FuseUnk = Bool(reader, path, "model." + key) }; break;
                                case "byte_fallback": options = options with { ByteFallback = Bool(reader, path, "model." + key) }; break;
                                case "ignore_merges": options = options with { IgnoreMerges = Bool(reader, path, "model." + key) }; break;
                                case "dropout":
                                    if (reader.TokenType is JsonToken.Integer or JsonToken.Float && Convert.ToDouble(reader.Value) != 0)
                                        throw Unsupported(path, "BPE dropout is randomised and is not supported; set \"dropout\" to null");
                                    else if (reader.TokenType is not (JsonToken.Null or JsonToken.Integer or JsonToken.Float))
                                        throw Fail(path, "\"model.dropout\" is not a number" + Where(reader));
                                    break;
                                default: reader.Skip(); break;
                            }
                        }
                        if (reader.TokenType != JsonToken.EndObject) throw Fail(path, "malformed \"model\"" + Where(reader));
                        break;
                    case "added_tokens": addedTokens = JToken.ReadFrom(reader); break;
                    case "normalizer": normalizer = JToken.ReadFrom(reader); break;
                    case "pre_tokenizer": preTokenizer = JToken.ReadFrom(reader); break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonToken.EndObject) throw Fail(path, "malformed JSON" + Where(reader));
            End(reader, path);
        });
        if (vocabProblem is not null) throw Fail(path, vocabProblem);

        if (!sawModel) throw Fail(path, "no \"model\"");
        if (badShape is not null) throw modelType is null ? Unsupported(path, "the model has no \"type\" and is not a BPE model (" + badShape + ")") : Fail(path, badShape);
        if (!sawVocab || !sawMerges)
            throw modelType is null
                ? Unsupported(path, "the model has no \"type\" and is not a BPE model (no \"vocab\" and \"merges\")")
                : Fail(path, $"the BPE model has no \"{(sawVocab ? "merges" : "vocab")}\"");

        var (nfc, legacy) = Normalizer(path, normalizer);
        List<SplitStep> splits = [];
        ByteLevelStep? byteLevel = null;
        MetaspaceStep? metaspace = legacy;
        if (TypeOf(preTokenizer ?? JValue.CreateNull()) == "Metaspace")
        {
            if (legacy is not null) throw Unsupported(path, "a Metaspace pre-tokenizer after a normalizer that already replaces spaces is not supported");
            metaspace = MetaspacePreTokenizer(path, preTokenizer!);
        }
        else if (legacy is not null)
        {
            if (preTokenizer is not null && preTokenizer.Type != JTokenType.Null)
                throw Unsupported(path, $"pre-tokenizer \"{Echo.Input(TypeOf(preTokenizer))}\" after the Prepend/Replace normalizer is not supported (none)");
        }
        else (splits, byteLevel) = PreTokenizer(path, preTokenizer);
        if (metaspace is not null && nfc) throw Unsupported(path, "NFC with a Metaspace (SentencePiece-style) tokenizer is not supported");
        return new BpeDefinition
        {
            Origin = path,
            Vocab = vocab,
            Merges = merges,
            Options = options,
            AddedTokens = AddedTokens(path, addedTokens),
            Splits = splits,
            ByteLevel = byteLevel,
            Nfc = nfc,
            Metaspace = metaspace,
        };
    }

    public static BpeDefinition ReadVocabAndMerges(string vocabPath, string mergesPath, IEnumerable<string>? specialTokens)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        string? vocabProblem = null;
        Read(vocabPath, Path.GetFullPath(vocabPath), reader =>
        {
            Next(reader);
            ReadVocab(reader, vocabPath, vocab, ref vocabProblem);
            End(reader, vocabPath);
        });
        if (vocabProblem is not null) throw Fail(vocabPath, vocabProblem);

        var merges = new List<(string, string)>();
        string full = Path.GetFullPath(mergesPath);
        Exception FailMerges(string problem) => Fail(mergesPath, problem);
        byte[] bytes = SafeFile.ReadAllBytes(full, FailMerges, MaxFileBytes);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(mergesPath, "not valid UTF-8");
        }
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length == 0 || line.StartsWith("#version", StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ');
            if (space < 0 || line.IndexOf(' ', space + 1) >= 0)
                throw Fail(mergesPath, $"line {lineNo} is not two tokens separated by one space");
            merges.Add((line[..space], line[(space + 1)..]));
        }

        var added = new List<AddedToken>();
        foreach (var t in specialTokens ?? (vocab.ContainsKey("<|endoftext|>") ? ["<|endoftext|>"] : []))
            added.Add(new AddedToken(t, -1, Special: true));
        return new BpeDefinition
        {
            Origin = mergesPath,
            Vocab = vocab,
            Merges = merges,
            Options = new BpeOptions(),
            AddedTokens = added,
            Splits = [],
            ByteLevel = new ByteLevelStep(addPrefixSpace: false, useRegex: true),
        };
    }

    private static void Read(string origin, string fullPath, Action<JsonTextReader> body)
    {
        Exception FailFile(string problem) => Fail(origin, problem);
        using var handle = SafeFile.Open(fullPath, FailFile, MaxFileBytes);
        using var stream = SafeFile.Stream(handle, FailFile, MaxFileBytes, CancellationToken.None);
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        using var reader = new JsonTextReader(text)
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = JsonErrors.MaxNesting,
        };
        try
        {
            body(reader);
        }
        catch (JsonReaderException e)
        {
            throw Fail(origin, "bad JSON: " + JsonErrors.Describe(e));
        }
        catch (DecoderFallbackException)
        {
            throw Fail(origin, "not valid UTF-8");
        }
    }

    /// <summary>Nothing but whitespace (or comments) may follow the top-level value.</summary>
    private static void End(JsonReader reader, string origin)
    {
        bool more;
        try
        {
            do more = reader.Read();
            while (more && reader.TokenType == JsonToken.Comment);
        }
        catch (JsonReaderException)
        {
            more = true;
        }
        if (more) throw Fail(origin, "text after the top-level value" + Where(reader));
    }

    /// <summary>The next token (never a comment); the end of the text here is inside a value, an error.</summary>
    private static bool Next(JsonReader reader)
    {
        // Comments are not JSON (serde refuses them); Newtonsoft reports them as tokens.
        while (reader.Read())
            if (reader.TokenType != JsonToken.Comment) return true;
        throw new JsonReaderException("Unexpected end of file.");
    }

    private static void Expect(JsonReader reader, JsonToken token, string origin, string problem)
    {
        if (!Next(reader) || reader.TokenType != token) throw Fail(origin, problem + Where(reader));
    }

    private static string Where(JsonReader reader) =>
        reader is IJsonLineInfo info && info.HasLineInfo() ? JsonErrors.Where(info.LineNumber, info.LinePosition) : "";

    private static string String(JsonReader reader, string origin, string what) =>
        reader.TokenType == JsonToken.String ? (string)reader.Value! : throw Fail(origin, $"\"{what}\" is not a string" + Where(reader));

    private static string? NullableString(JsonReader reader, string origin, string what) =>
        reader.TokenType == JsonToken.Null ? null : String(reader, origin, what);

    private static bool Bool(JsonReader reader, string origin, string what) => reader.TokenType switch
    {
        JsonToken.Boolean => (bool)reader.Value!,
        JsonToken.Null => false,
        _ => throw Fail(origin, $"\"{what}\" is not true or false" + Where(reader)),
    };

    /// <summary>Reads a vocabulary object; a duplicate or an id out of range is left in <paramref name="problem"/>
    /// (when none was before), to be reported after the rest of the file has parsed.</summary>
    private static void ReadVocab(JsonReader reader, string origin, Dictionary<string, int> vocab, ref string? problem)
    {
        if (reader.TokenType != JsonToken.StartObject) throw Fail(origin, "the vocabulary is not a JSON object" + Where(reader));
        var ids = new HashSet<int>();
        while (Next(reader) && reader.TokenType == JsonToken.PropertyName)
        {
            string token = (string)reader.Value!;
            if (!Next(reader) || reader.TokenType != JsonToken.Integer)
                throw Fail(origin, "a vocabulary id is not an integer" + Where(reader));
            long id = reader.Value is System.Numerics.BigInteger ? -1 : Convert.ToInt64(reader.Value);
            if (id < 0 || id > int.MaxValue - MaxIdSlack)
                throw Fail(origin, "a vocabulary id is out of range (negative or too large)" + Where(reader));
            // Reported once the whole file has parsed: a file cut inside a number reads as a smaller number.
            if (!vocab.TryAdd(token, (int)id)) problem ??= "a vocabulary token appears twice" + Where(reader);
            else if (!ids.Add((int)id)) problem ??= $"vocabulary id {id} is given to two tokens" + Where(reader);
        }
        if (reader.TokenType != JsonToken.EndObject) throw Fail(origin, "malformed vocabulary" + Where(reader));
        foreach (var id in ids)
            if (id >= vocab.Count + MaxIdSlack)
                problem ??= $"vocabulary id {id} is out of range: a vocabulary of {vocab.Count:N0} tokens has ids below {vocab.Count + MaxIdSlack:N0}";
    }

    private static void ReadMerges(JsonReader reader, string origin, List<(string, string)> merges)
    {
        if (reader.TokenType != JsonToken.StartArray) throw Fail(origin, "\"model.merges\" is not an array" + Where(reader));
        while (Next(reader) && reader.TokenType != JsonToken.EndArray)
        {
            if (reader.TokenType == JsonToken.String)
            {
                string line = (string)reader.Value!;
                if (line.StartsWith("#version", StringComparison.Ordinal)) continue;
                int space = line.IndexOf(' ');
                if (space < 0 || line.IndexOf(' ', space + 1) >= 0)
                    throw Fail(origin, $"merge {merges.Count + 1} is not two tokens separated by one space" + Where(reader));
                merges.Add((line[..space], line[(space + 1)..]));
            }
            else if (reader.TokenType == JsonToken.StartArray)
            {
                string? a = Next(reader) && reader.TokenType == JsonToken.String ? (string)reader.Value! : null;
                string? b = a is not null && Next(reader) && reader.TokenType == JsonToken.String ? (string)reader.Value! : null;
                if (b is null || !Next(reader) || reader.TokenType != JsonToken.EndArray)
                    throw Fail(origin, $"merge {merges.Count + 1} is not a pair of strings" + Where(reader));
                merges.Add((a!, b));
            }
            else throw Fail(origin, $"merge {merges.Count + 1} is neither \"a b\" nor [\"a\", \"b\"]" + Where(reader));
        }
        if (reader.TokenType != JsonToken.EndArray) throw Fail(origin, "malformed \"model.merges\"" + Where(reader));
    }

    private static string TypeOf(JToken node) => node is JObject o && o["type"] is JValue { Type: JTokenType.String } t ? (string)t! : "(no type)";

    /// <summary>Whether the normalizer is NFC (else none), or the legacy SentencePiece pair (Llama 2, Mistral):
    /// Prepend("▁") then Replace(" ", "▁"), or Replace(" ", "▁") alone; anything else is refused.</summary>
    private static (bool Nfc, MetaspaceStep? Legacy) Normalizer(string origin, JToken? normalizer)
    {
        if (normalizer is null || normalizer.Type == JTokenType.Null) return (false, null);
        string type = TypeOf(normalizer);
        if (type == "NFC") return (true, null);
        var steps = type == "Sequence" && normalizer["normalizers"] is JArray list ? list.ToList() : [normalizer];
        if (type == "Sequence" && steps.Count == 0) return (false, null);
        if (steps.All(t => TypeOf(t) == "NFC")) return (true, null);
        if (steps.Count <= 2 && TypeOf(steps[^1]) == "Replace" && SpaceReplacement(steps[^1]) is char r
            && (steps.Count == 1 || TypeOf(steps[0]) == "Prepend" && steps[0]["prepend"] is JValue { Type: JTokenType.String } pre && (string)pre! == r.ToString()))
            return (false, new MetaspaceStep(r, steps.Count == 2 ? MetaspacePrepend.EverySegment : MetaspacePrepend.Never, Split: false));
        type = string.Join(", ", steps.Select(TypeOf).Where(t => t != "NFC"));
        throw Unsupported(origin, $"normalizer \"{Echo.Input(type)}\" is not supported (none, NFC, or SentencePiece's Prepend(\"▁\") + Replace(\" \", \"▁\"))");
    }

    /// <summary>The one character a Replace normalizer puts for each space, or null when it is another Replace.</summary>
    private static char? SpaceReplacement(JToken step) =>
        step["pattern"]?["String"] is JValue { Type: JTokenType.String } p && (string)p! == " "
        && step["content"] is JValue { Type: JTokenType.String } c && ((string)c!).Length == 1 ? ((string)c!)[0] : null;

    private static MetaspaceStep MetaspacePreTokenizer(string origin, JToken step)
    {
        var replacement = step["replacement"] is JValue { Type: JTokenType.String } r ? (string)r! : "▁";
        if (replacement.Length != 1) throw Unsupported(origin, "a Metaspace replacement of more than one character is not supported");
        var scheme = step["prepend_scheme"] is JValue { Type: JTokenType.String } ps ? (string)ps!
            : StepBool(origin, step, "add_prefix_space", defaultValue: true) ? "always" : "never";
        var prepend = scheme switch
        {
            "always" => MetaspacePrepend.Always,
            "first" => MetaspacePrepend.First,
            "never" => MetaspacePrepend.Never,
            _ => throw Unsupported(origin, $"Metaspace prepend_scheme \"{Echo.Input(scheme)}\" is not one of always, first, never"),
        };
        return new MetaspaceStep(replacement[0], prepend, StepBool(origin, step, "split", defaultValue: true));
    }

    private static (List<SplitStep>, ByteLevelStep) PreTokenizer(string origin, JToken? node)
    {
        if (node is null || node.Type == JTokenType.Null)
            throw Unsupported(origin, "no pre-tokenizer: only byte-level BPE (a ByteLevel pre-tokenizer) is supported");
        var steps = TypeOf(node) == "Sequence"
            ? (node["pretokenizers"] as JArray ?? throw Fail(origin, "a Sequence pre-tokenizer without \"pretokenizers\"")).ToList()
            : [node];
        var splits = new List<SplitStep>();
        ByteLevelStep? byteLevel = null;
        foreach (var step in steps)
        {
            string type = TypeOf(step);
            if (byteLevel is not null)
                throw Unsupported(origin, $"pre-tokenizer \"{Echo.Input(type)}\" after ByteLevel is not supported (ByteLevel must come last)");
            switch (type)
            {
                case "ByteLevel":
                    byteLevel = new ByteLevelStep(
                        addPrefixSpace: StepBool(origin, step, "add_prefix_space", defaultValue: true),
                        useRegex: StepBool(origin, step, "use_regex", defaultValue: true));
                    break;
                case "Split":
                    splits.Add(Split(origin, step));
                    break;
                default:
                    throw Unsupported(origin, $"pre-tokenizer \"{Echo.Input(type)}\" is not supported (Split and ByteLevel only)");
            }
        }
        if (byteLevel is null) throw Unsupported(origin, "the pre-tokenizer has no ByteLevel step: only byte-level BPE is supported");
        return (splits, byteLevel);
    }

    private static bool StepBool(string origin, JToken step, string name, bool defaultValue) => step[name] switch
    {
        null => defaultValue,
        JValue { Type: JTokenType.Boolean } v => (bool)v,
        _ => throw Fail(origin, $"pre-tokenizer field \"{name}\" is not true or false"),
    };

    private static SplitStep Split(string origin, JToken step)
    {
        string? regex = step["pattern"]?["Regex"] is JValue { Type: JTokenType.String } r ? (string)r! : null;
        string? literal = step["pattern"]?["String"] is JValue { Type: JTokenType.String } s ? (string)s! : null;
        if (regex is null && literal is null)
            throw Fail(origin, "a Split pre-tokenizer's \"pattern\" is neither {\"Regex\": ...} nor {\"String\": ...}");
        string behaviorName = step["behavior"] is JValue { Type: JTokenType.String } b ? (string)b! : "";
        if (!Enum.TryParse<SplitBehavior>(behaviorName, ignoreCase: false, out var behavior) || int.TryParse(behaviorName, out _))
            throw Unsupported(origin, $"Split behavior \"{Echo.Input(behaviorName)}\" is not one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
        bool invert = StepBool(origin, step, "invert", defaultValue: false);
        System.Text.RegularExpressions.Regex pattern;
        try
        {
            // HF runs a String pattern as the escaped regex (an empty one matches between all characters).
            pattern = SplitStep.Compile(regex ?? System.Text.RegularExpressions.Regex.Escape(literal!));
        }
        catch (ArgumentException e)
        {
            throw Unsupported(origin, $"a Split pattern is not a regular expression .NET can run ({Echo.Input(e.Message, 200)})");
        }
        return new SplitStep(pattern, behavior, invert);
    }

    private static List<AddedToken> AddedTokens(string origin, JToken? node)
    {
        var list = new List<AddedToken>();
        if (node is null || node.Type == JTokenType.Null) return list;
        if (node is not JArray array) throw Fail(origin, "\"added_tokens\" is not an array");
        foreach (var item in array)
        {
            if (item is not JObject o || o["content"] is not JValue { Type: JTokenType.String } content)
                throw Fail(origin, "an added token has no \"content\" string");
            string text = (string)content!;
            if (HasLoneSurrogate(text)) throw Fail(origin, "an added token's content is not valid Unicode (a lone surrogate)");
            bool Flag(string name, bool defaultValue) => o[name] switch
            {
                null => defaultValue,
                JValue { Type: JTokenType.Boolean } v => (bool)v,
                _ => throw Fail(origin, $"an added token's \"{name}\" is not true or false"),
            };
            bool special = Flag("special", false);
            list.Add(new AddedToken(text, -1, special, Normalized: Flag("normalized", !special), Lstrip: Flag("lstrip", false),
                Rstrip: Flag("rstrip", false), SingleWord: Flag("single_word", false)));
        }
        return list;
    }

    internal static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }
}
