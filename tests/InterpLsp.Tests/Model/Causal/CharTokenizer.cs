using InterpLsp.Model.Tokenization;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>A test tokenizer for tiny models: one token per UTF-16 unit, id = unit mod (vocab - 2).</summary>
public sealed class CharTokenizer(int vocab) : ITokenizer
{
    public IReadOnlyList<TokenSpan> Tokenize(string text) =>
        text.Select((c, i) => new TokenSpan(c % (vocab - 2), i, i + 1)).ToList();

    public string IdToToken(int id) => ((char)id).ToString();
    public int VocabSize => vocab;
}
