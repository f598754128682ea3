using InterpLsp.Model.Tokenization;
using System.Text;

namespace InterpLsp.Tests.Tokenization;

/// <summary>
/// Every Unicode scalar value through both regex layouts (GPT-2's, Llama 3's), against the oracle: which characters
/// the patterns take as letters, numbers, whitespace or other (Oniguruma's Unicode tables against .NET's), and which
/// match the contractions case-insensitively. The vocabulary has merges of "a", "1", "!" and "'" with every byte, so
/// whether a character joins the pre-token of the one before it shows in the ids.
/// </summary>
public sealed class ByteLevelBpeCodePointTests
{
    private static readonly int[] AllScalars = Enumerable.Range(0, 0x110000).Where(c => c is < 0xD800 or > 0xDFFF).ToArray();

    private static BpeJsonSpec ProbeSpec(bool llama)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int b = 0; b < 256; b++) vocab[ByteLevelAlphabet.ByteToChar((byte)b).ToString()] = b;
        var merges = new List<(string, string)>();
        foreach (string p in new[] { "a", "1", "!", "'" })
            for (int b = 0; b < 256; b++)
            {
                string x = ByteLevelAlphabet.ByteToChar((byte)b).ToString();
                if (vocab.TryAdd(p + x, vocab.Count)) merges.Add((p, x));
            }
        return llama
            ? new BpeJsonSpec { Vocab = vocab, Merges = merges, Splits = [(BpeJsonSpec.Llama3Pattern, true, "Isolated", false)], UseRegex = false }
            : new BpeJsonSpec { Vocab = vocab, Merges = merges };
    }

    private static string Probe(int cp)
    {
        string c = char.ConvertFromUtf32(cp);
        return "a" + c + "\u00001" + c + "\u0000!" + c + "\u0000'" + c + "\u0000" + c + "a\u0000";
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_code_point_is_classified_as_hf_does(bool llama)
    {
        using var o = new BpeOracle(ProbeSpec(llama));
        var differing = new List<int>();
        const int batch = 2048;
        for (int b = 0; b < AllScalars.Length; b += batch)
        {
            var slice = AllScalars.AsSpan(b, Math.Min(batch, AllScalars.Length - b)).ToArray();
            var sb = new StringBuilder();
            foreach (int cp in slice) sb.Append(Probe(cp));
            string text = sb.ToString();
            if (o.Expected(text).AsSpan().SequenceEqual(o.Actual(text))) continue;
            foreach (int cp in slice)
                if (!o.Expected(Probe(cp)).AsSpan().SequenceEqual(o.Actual(Probe(cp)))) differing.Add(cp);
        }
        Assert.True(differing.Count == 0,
            $"{differing.Count} code points differ: " + string.Join(" ", differing.Take(200).Select(c => $"U+{c:X4}")));
    }

    /// <summary>NFC of every code point alone, after a letter, before a mark, and between marks of other classes,
    /// against HF's NFC normalizer. With a vocabulary of the 256 bytes and no merges the ids spell the normalized
    /// UTF-8 exactly. Prints the code points that differ (the generator's NOT_IN_HF list).</summary>
    [Fact]
    public void Every_code_point_is_normalized_as_hf_does()
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int b = 0; b < 256; b++) vocab[ByteLevelAlphabet.ByteToChar((byte)b).ToString()] = b;
        using var o = new BpeOracle(new BpeJsonSpec { Vocab = vocab, Merges = [], Nfc = true, UseRegex = false });
        static string NfcProbe(int cp)
        {
            string c = char.ConvertFromUtf32(cp);
            return c + "\u0000a" + c + "\u0000" + c + "\u0301\u0000a\u0345" + c + "\u0316\u0000\u1100" + c + "\u0000" + c + "\u0334\u0000";
        }
        var differing = new List<int>();
        const int batch = 2048;
        for (int b = 0; b < AllScalars.Length; b += batch)
        {
            var slice = AllScalars.AsSpan(b, Math.Min(batch, AllScalars.Length - b)).ToArray();
            var sb = new StringBuilder();
            foreach (int cp in slice) sb.Append(NfcProbe(cp));
            string text = sb.ToString();
            if (o.Expected(text).AsSpan().SequenceEqual(o.Actual(text))) continue;
            foreach (int cp in slice)
                if (!o.Expected(NfcProbe(cp)).AsSpan().SequenceEqual(o.Actual(NfcProbe(cp)))) differing.Add(cp);
        }
        Assert.True(differing.Count == 0,
            $"{differing.Count} code points differ: " + string.Join(" ", differing.Select(c => $"{c:X4}")));
    }
}
