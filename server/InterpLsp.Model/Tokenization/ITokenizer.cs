namespace InterpLsp.Model.Tokenization;

/// <summary>Splits text into vocabulary tokens, each with its UTF-16 range in the original text.</summary>
public interface ITokenizer
{
    IReadOnlyList<TokenSpan> Tokenize(string text);
    string IdToToken(int id);
    int VocabSize { get; }
}
