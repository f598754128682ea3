using System.Text;

namespace InterpLsp.Analysis.Explain.WordNet;

/// <summary>
/// The lexicon as flat arrays, so that a load makes few objects (the garbage collector then has little to copy):
/// synset i's fields are at position i; its lemmas, hypernyms and hyponyms are the slices
/// [Start[i], Start[i + 1]) of a flat array; definitions are UTF-8 in one buffer, decoded when asked for. An index
/// entry is a slice of <see cref="Senses"/> (synset positions in index order) and the same slice of
/// <see cref="Tags"/> (each sense's tag count: how often it was tagged in WordNet's semantic concordance, 0 when
/// untagged). Built once by <see cref="WordNetLexiconFile"/>, never changed after.
/// </summary>
internal sealed class LexiconTables
{
    public required string[] Keys;
    /// <summary>The synset type: n, v, a, s (adjective satellite), r.</summary>
    public required char[] Types;
    public required string[] Lexnames;
    public required int[] LemmaStart;
    /// <summary>Lemmas as WordNet writes them: case kept, '_' between words.</summary>
    public required string[] Lemmas;
    public required int[] DefinitionStart;
    public required byte[] Definitions;
    public required int[] HypernymStart;
    public required int[] Hypernyms;
    public required int[] HyponymStart;
    public required int[] Hyponyms;
    /// <summary>Synset position by <see cref="WordNetPos.Code(ReadOnlySpan{char})"/> of its key.</summary>
    public required Dictionary<int, int> ByCode;
    /// <summary>Per part of speech (<see cref="WordNetPos"/>): lemma -> its slice of <see cref="Senses"/>.</summary>
    public required Dictionary<string, (int Start, int Count)>[] Index;
    public required int[] Senses;
    public required int[] Tags;
    /// <summary>Per part of speech: inflected form -> its bases.</summary>
    public required Dictionary<string, string[]>[] Exceptions;
    /// <summary>Lexicographer file -> its synsets, in file order.</summary>
    public required Dictionary<string, int[]> ByLexname;

    public int Count => Keys.Length;

    public ReadOnlySpan<string> LemmasOf(int id) => Lemmas.AsSpan(LemmaStart[id], LemmaStart[id + 1] - LemmaStart[id]);
    public ReadOnlySpan<int> HypernymsOf(int id) => Hypernyms.AsSpan(HypernymStart[id], HypernymStart[id + 1] - HypernymStart[id]);
    public ReadOnlySpan<int> HyponymsOf(int id) => Hyponyms.AsSpan(HyponymStart[id], HyponymStart[id + 1] - HyponymStart[id]);
    public string DefinitionOf(int id) =>
        Encoding.UTF8.GetString(Definitions, DefinitionStart[id], DefinitionStart[id + 1] - DefinitionStart[id]);
}
