using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
namespace InterpLsp.Tests.Tokenization;

public sealed class VocabularyTests
{
    private static BertWordPieceTokenizer Load(string text) => BertWordPieceTokenizer.FromVocab(new StringReader(text));

    [Fact]
    public void Ids_are_line_indexes_and_CRLF_is_a_line_break()
    {
        var t = Load("[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\n##s\r\n");
        Assert.Equal((0, 1, 2, 3, 6), (t.PadId, t.UnkId, t.ClsId, t.SepId, t.VocabSize));
        Assert.Equal("hello", t.IdToToken(4));
        Assert.Equal([new TokenSpan(4, 0, 5), new TokenSpan(5, 5, 6), new TokenSpan(1, 7, 10)], t.Tokenize("Hellos bye"));
    }

    [Fact]
    public void Duplicate_lines_keep_the_last_id()
    {
        var t = Load("[PAD]\n[UNK]\n[CLS]\n[SEP]\nx\nx");
        Assert.Equal(5, t.Tokenize("x")[0].Id);
        Assert.Equal(6, t.VocabSize);
    }

    [Fact]
    public void Missing_special_token_is_an_error() =>
        Assert.Throws<InvalidDataException>(() => Load("[PAD]\n[CLS]\n[SEP]\nx"));

    [Fact]
    public void Concurrent_calls_give_the_same_results()
    {
        var t = BertWordPieceTokenizer.FromVocab(new StringReader(string.Join('\n', MiniLmVocab.Lines)));
        var docs = Enumerable.Range(0, 16).Select(i => TestText.Document(5000, seed: i)).ToArray();
        var expected = docs.Select(d => t.Tokenize(d).ToArray()).ToArray();
        var actual = new TokenSpan[docs.Length][];
        Parallel.For(0, docs.Length * 4, i => actual[i % docs.Length] = t.Tokenize(docs[i % docs.Length]).ToArray());
        for (int i = 0; i < docs.Length; i++) Assert.Equal(expected[i], actual[i]);
    }
}
