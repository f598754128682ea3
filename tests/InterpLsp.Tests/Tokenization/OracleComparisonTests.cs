using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace InterpLsp.Tests.Tokenization;

/// <summary>Ids against Hugging Face's Rust tokenizer with the real MiniLM (bert-base-uncased) vocabulary.</summary>
public sealed class OracleComparisonTests(MiniLmOracleFixture fixture) : IClassFixture<MiniLmOracleFixture>
{
    private readonly Oracle _oracle = fixture.Oracle;

    public static TheoryData<int> CaseIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < TestText.Cases.Length; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Case_matches_hugging_face(int index) => _oracle.AssertSame(TestText.Cases[index]);

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Case_matches_hugging_face_with_special_tokens(int index) => fixture.WithSpecials.AssertSame(TestText.Cases[index]);

    [Fact]
    public void Mixed_document_of_10000_characters_matches()
    {
        string doc = TestText.Document(10_000);
        Assert.True(doc.Length >= 10_000);
        _oracle.AssertSame(doc);
        Assert.True(_oracle.Actual(doc).Length > 1000);
    }

    [Fact]
    public void Seeded_random_strings_match()
    {
        var rng = new Random(20240611);
        for (int i = 0; i < 2000; i++) _oracle.AssertSame(TestText.Random(rng));
    }

    [Fact]
    public void Seeded_random_strings_match_with_special_tokens()
    {
        var rng = new Random(7);
        for (int i = 0; i < 1000; i++) fixture.WithSpecials.AssertSame(TestText.Random(rng));
    }

    [Property(MaxTest = 1000)]
    public Property Random_strings_match() =>
        Prop.ForAll(Generators.MixedText.ToArbitrary(), s =>
        {
            _oracle.AssertSame(s);
            return true;
        });

    [Fact]
    public void Known_tokenizations()
    {
        var t = _oracle.Ours;
        _oracle.AssertSame("unaffable");
        Assert.Equal(["una", "##ffa", "##ble"], t.Tokenize("unaffable").Select(x => t.IdToToken(x.Id)));
        Assert.Equal(["hello", ",", "world", "!"], t.Tokenize("Héllo, WORLD!").Select(x => t.IdToToken(x.Id)));
        _oracle.AssertSame(new string('a', 100));
        Assert.DoesNotContain(t.UnkId, t.Tokenize(new string('a', 100)).Select(x => x.Id));
        Assert.Equal([t.UnkId], t.Tokenize(new string('a', 101)).Select(x => x.Id));
        Assert.Equal(["[UNK]"], t.Tokenize("abc☃def").Select(x => t.IdToToken(x.Id)));
        Assert.Equal(["[", "cl", "##s", "]"], t.Tokenize("[CLS]").Select(x => t.IdToToken(x.Id)));
        Assert.Equal([t.ClsId], fixture.WithSpecials.Ours.Tokenize("[CLS]").Select(x => x.Id));
        Assert.Equal((0, 101, 102, 100), (t.PadId, t.ClsId, t.SepId, t.UnkId));
        Assert.Equal(30522, t.VocabSize);
        Assert.Equal(100, t.MaxInputCharsPerWord);
    }
}

public static class Generators
{
    /// <summary>Strings of 0-40 pieces of <see cref="TestText.Alphabet"/>, with an occasional 95-106 letter word.</summary>
    public static readonly Gen<string> MixedText =
        Gen.Choose(0, int.MaxValue).Select(seed => TestText.Random(new Random(seed)));
}
