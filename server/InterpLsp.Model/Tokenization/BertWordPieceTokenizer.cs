// TEMPORARY interim tokenizer (replaced by the full HF-exact implementation).
namespace InterpLsp.Model.Tokenization;
public readonly record struct TokenSpan(int Id, int Start, int End);
public sealed class BertWordPieceTokenizer : ITokenizer
{
    private readonly Dictionary<string, int> _vocab = new();
    private readonly List<string> _pieces = new();
    public static BertWordPieceTokenizer FromVocab(TextReader r)
    {
        var t = new BertWordPieceTokenizer(); string? line;
        while ((line = r.ReadLine()) != null) { t._vocab.TryAdd(line, t._pieces.Count); t._pieces.Add(line); }
        return t;
    }
    public int VocabSize => _pieces.Count;
    public int ClsId => _vocab["[CLS]"]; public int SepId => _vocab["[SEP]"]; public int UnkId => _vocab["[UNK]"]; public int PadId => _vocab["[PAD]"];
    public string IdToToken(int id) => _pieces[id];
    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
        var result = new List<TokenSpan>(); int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            int s = i;
            if (char.IsPunctuation(text[i]) || char.IsSymbol(text[i])) i++;
            else while (i < text.Length && !char.IsWhiteSpace(text[i]) && !char.IsPunctuation(text[i]) && !char.IsSymbol(text[i])) i++;
            var word = text[s..i].ToLowerInvariant(); int p = 0; var pieces = new List<TokenSpan>();
            while (p < word.Length)
            {
                int e = word.Length; int id = -1;
                for (; e > p; e--) if (_vocab.TryGetValue((p > 0 ? "##" : "") + word[p..e], out id)) break;
                if (e == p) { pieces = new() { new TokenSpan(UnkId, s, i) }; break; }
                pieces.Add(new TokenSpan(id, s + p, s + e)); p = e;
            }
            result.AddRange(pieces);
        }
        return result;
    }
}
