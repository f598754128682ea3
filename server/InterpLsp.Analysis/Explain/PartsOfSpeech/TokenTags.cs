using System.Runtime.CompilerServices;
using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>
/// The part of speech of every token of a <see cref="TokenTable"/>: each document's text is split into words
/// (<see cref="WordSplitter"/>) and tagged (<see cref="PosTagger.TagText"/>); a model token (a WordPiece piece, a BPE
/// token) gets the tag of the word its first character falls in, so <c>walk</c> + <c>##ed</c> are both VBD. A token
/// that falls in no word (white space) has none (<see cref="None"/>). Computed once per table and tagger and kept while
/// the table lives (<see cref="Of"/>), so every direction explained on one evidence, and the null's random ones, share it.
/// </summary>
public sealed class TokenTags
{
    /// <summary>The tag of a token that falls in no word.</summary>
    public const byte None = 255;

    private static readonly ConditionalWeakTable<TokenTable, TokenTags> Cache = new();

    private TokenTags(PosTagger tagger, byte[] fine, double seconds) { Tagger = tagger; Fine = fine; Seconds = seconds; }

    public PosTagger Tagger { get; }
    /// <summary>Per token: its fine tag's index in <see cref="PosTagger.Tags"/>, or <see cref="None"/>.</summary>
    public byte[] Fine { get; }
    /// <summary>How long tagging the table took.</summary>
    public double Seconds { get; }

    /// <summary>The tags of <paramref name="table"/>'s tokens by <paramref name="tagger"/>, computed on first use.</summary>
    public static TokenTags Of(PosTagger tagger, TokenTable table)
    {
        if (Cache.TryGetValue(table, out var known) && ReferenceEquals(known.Tagger, tagger)) return known;
        var computed = Compute(tagger, table);
        if (Cache.TryGetValue(table, out known) && ReferenceEquals(known.Tagger, tagger)) return known;
        Cache.AddOrUpdate(table, computed);
        return computed;
    }

    /// <summary>Tags the table's documents in parallel; see the class summary.</summary>
    public static TokenTags Compute(PosTagger tagger, TokenTable table)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var fine = new byte[table.Count];
        Parallel.For(0, table.Documents, d =>
        {
            int first = table.DocFirst[d], end = table.DocFirst[d + 1];
            if (first == end) return;
            var text = table.DocTexts[d];
            var words = WordSplitter.Split(text);
            var tags = tagger.TagText(text, words);
            int w = 0;
            for (int t = first; t < end; t++)
            {
                int s = table.Start[t], e = Math.Max(table.End[t], s + 1);
                // Offsets ascend within a document; were one to go back, the words are searched again from the start.
                if (w > 0 && words[w - 1].End > s) w = 0;
                while (w < words.Count && words[w].End <= s) w++;
                fine[t] = w < words.Count && words[w].Start < e ? tags[w] : None;
            }
        });
        return new TokenTags(tagger, fine, clock.Elapsed.TotalSeconds);
    }
}
