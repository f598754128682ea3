using InterpLsp.Analysis.Corpora;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Corpora;

/// <summary>Corpus specs: default, all, a folder, a .jsonl file, none; anything else an error naming it.</summary>
public sealed class CorpusResolverTests
{
    [Fact]
    public void Each_accepted_form_opens_its_kind_of_corpus()
    {
        using var dir = new TempDir();
        dir.File("texts.jsonl", "{\"text\":\"hello\"}\n");
        dir.File("docs/a.txt", "hello");

        var sample = Assert.IsType<DefaultCorpus>(CorpusResolver.Open("default"));
        Assert.Equal(DefaultCorpus.DefaultSampleSize, sample.SampleSize);
        Assert.Null(Assert.IsType<DefaultCorpus>(CorpusResolver.Open(" ALL ")).SampleSize);
        Assert.Equal(Path.Combine(dir.Path, "docs"), Assert.IsType<FolderCorpus>(CorpusResolver.Open(Path.Combine(dir.Path, "docs"))).Root);
        Assert.Equal(Path.Combine(dir.Path, "docs"), Assert.IsType<FolderCorpus>(CorpusResolver.Open("docs", dir.Path)).Root);
        Assert.Equal(Path.Combine(dir.Path, "texts.jsonl"), Assert.IsType<JsonlCorpus>(CorpusResolver.Open("texts.jsonl", dir.Path)).FilePath);
        Assert.Equal(dir.Path, Assert.IsType<FolderCorpus>(CorpusResolver.Open(null, dir.Path)).Root);
        Assert.Equal(DefaultCorpus.DefaultSampleSize, Assert.IsType<DefaultCorpus>(CorpusResolver.Open("", null)).SampleSize);
        Assert.Equal(300, Assert.IsType<DefaultCorpus>(CorpusResolver.Open("default", sampleSize: 300, seed: 4)).SampleSize);
    }

    [Theory]
    [InlineData("nonsense", "no such file or folder")]
    [InlineData("notes.txt", "not .jsonl")]
    [InlineData("missing.jsonl", "no such file")]
    public void Anything_else_is_an_error_naming_the_spec_and_the_accepted_forms(string spec, string why)
    {
        using var dir = new TempDir();
        dir.File("notes.txt", "text");
        var e = Assert.Throws<ArgumentException>(() => CorpusResolver.Open(spec, dir.Path));
        Assert.Contains(spec, e.Message);
        Assert.Contains(why, e.Message);
        Assert.Contains("'default'", e.Message);
        Assert.Contains(".jsonl", e.Message);
    }
}
