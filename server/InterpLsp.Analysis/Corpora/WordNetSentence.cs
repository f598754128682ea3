namespace InterpLsp.Analysis.Corpora;

/// <summary>One sentence of the default corpus (a WordNet 3.1 definition or usage example) with what WordNet says
/// about its synset.</summary>
/// <param name="Key">Its key: the file letter (n, v, a, r), the synset offset, then <c>def</c> or <c>exN</c>, e.g.
/// <c>n.00001740.def</c>.</param>
/// <param name="Text">The sentence.</param>
/// <param name="Pos">The synset type: n, v, a, s (adjective satellite) or r.</param>
/// <param name="Synset">The synset's 8-digit offset in its data file.</param>
/// <param name="Lexname">The lexicographer file (supersense), e.g. <c>noun.artifact</c>.</param>
/// <param name="Lemmas">The synset's words (underscores as spaces, adjective markers removed).</param>
/// <param name="Hypernyms">Hypernym and instance-hypernym synsets, as <c>letter.offset</c> (e.g. <c>n.00001930</c>).</param>
public sealed record WordNetSentence(
    string Key, string Text, string Pos, string Synset, string Lexname, IReadOnlyList<string> Lemmas, IReadOnlyList<string> Hypernyms)
{
    /// <summary>True for the synset's definition, false for one of its usage examples.</summary>
    public bool IsDefinition => Key.EndsWith(".def", StringComparison.Ordinal);

    /// <summary>The sentence as a corpus document (no path: it is not a file a user opens).</summary>
    public CorpusDocument ToDocument() => new(Key, Text);
}
