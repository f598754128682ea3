using InterpLsp.Analysis.Corpora;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Corpora;

/// <summary>Corpus specs, through the one resolver every front door uses: default (the Brown sample), brown and all
/// (all of Brown), wordnet and wordnet-all, workspace, a folder, a .jsonl file; absent is default in every context;
/// anything else an error naming it and the accepted forms.</summary>
public sealed class CorpusResolverTests
{
    [Fact]
    public void Each_accepted_form_opens_its_kind_of_corpus()
    {
        using var dir = new TempDir();
        dir.File("texts.jsonl", "{\"text\":\"hello\"}\n");
        dir.File("docs/a.txt", "hello");
        var workspace = new CorpusContext(dir.Path);

        var sample = Assert.IsType<BrownCorpus>(CorpusResolver.Open("default"));
        Assert.Equal(BrownCorpus.DefaultSampleSize, sample.SampleSize);
        Assert.Null(Assert.IsType<BrownCorpus>(CorpusResolver.Open(" ALL ")).SampleSize);
        Assert.Null(Assert.IsType<BrownCorpus>(CorpusResolver.Open("Brown")).SampleSize);
        Assert.Equal(WordNetCorpus.DefaultSampleSize, Assert.IsType<WordNetCorpus>(CorpusResolver.Open(" wordnet ")).SampleSize);
        Assert.Null(Assert.IsType<WordNetCorpus>(CorpusResolver.Open("WordNet-All")).SampleSize);
        Assert.Equal(Path.Combine(dir.Path, "docs"), Assert.IsType<FolderCorpus>(CorpusResolver.Open(Path.Combine(dir.Path, "docs"))).Root);
        Assert.Equal(Path.Combine(dir.Path, "docs"), Assert.IsType<FolderCorpus>(CorpusResolver.Open("docs", workspace)).Root);
        Assert.Equal(Path.Combine(dir.Path, "texts.jsonl"), Assert.IsType<JsonlCorpus>(CorpusResolver.Open("texts.jsonl", workspace)).FilePath);
        Assert.Equal(dir.Path, Assert.IsType<FolderCorpus>(CorpusResolver.Open("workspace", workspace)).Root);
        Assert.Equal(BrownCorpus.DefaultSampleSize, Assert.IsType<BrownCorpus>(CorpusResolver.Open("", null)).SampleSize);
        Assert.Equal(300, Assert.IsType<BrownCorpus>(CorpusResolver.Open("default", sampleSize: 300, seed: 4)).SampleSize);
        var wordnet = Assert.IsType<WordNetCorpus>(CorpusResolver.Open("wordnet", sampleSize: 300, seed: 4));
        Assert.Equal((300, 4), (wordnet.SampleSize, wordnet.Seed));
    }

    [Fact]
    public void Default_all_brown_and_wordnet_are_the_shipped_corpora_in_any_context()
    {
        using var dir = new TempDir();
        dir.File("default/a.txt", "a folder that happens to be called default");
        foreach (var context in new[] { null, CorpusContext.None, new CorpusContext(dir.Path) })
        {
            var sample = Assert.IsType<BrownCorpus>(CorpusResolver.Open(" Default ", context, sampleSize: 300, seed: 4));
            Assert.Equal((300, 4), (sample.SampleSize, sample.Seed));
            Assert.Null(Assert.IsType<BrownCorpus>(CorpusResolver.Open("all", context)).SampleSize);
            Assert.Null(Assert.IsType<BrownCorpus>(CorpusResolver.Open("brown", context)).SampleSize);
            Assert.IsType<WordNetCorpus>(CorpusResolver.Open("wordnet", context));
        }
        // the folder is named by its path
        Assert.Equal(Path.Combine(dir.Path, "default"), Assert.IsType<FolderCorpus>(CorpusResolver.Open("./default", new CorpusContext(dir.Path))).Root);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void An_absent_spec_is_default_with_or_without_a_workspace_folder(string? spec)
    {
        using var dir = new TempDir();
        dir.File("notes/a.txt", "the workspace has texts, and still absent is the default sample");
        Assert.True(CorpusResolver.IsAbsent(spec));
        Assert.Equal("default", CorpusResolver.WhenAbsent);
        foreach (var context in new[] { null, CorpusContext.None, new CorpusContext(dir.Path) })
        {
            var corpus = Assert.IsType<BrownCorpus>(CorpusResolver.Open(spec, context));
            var named = Assert.IsType<BrownCorpus>(CorpusResolver.Open(CorpusResolver.WhenAbsent, context));
            Assert.Equal(named.Id, corpus.Id);
            Assert.Equal(BrownCorpus.DefaultSampleSize, corpus.SampleSize);
            Assert.Equal(BrownCorpus.DefaultSeed, corpus.Seed);
        }
        Assert.Equal(300, Assert.IsType<BrownCorpus>(CorpusResolver.Open(spec, new CorpusContext(dir.Path), sampleSize: 300)).SampleSize);
        Assert.False(CorpusResolver.IsAbsent("default"));
    }

    [Theory]
    [InlineData("workspace")]
    [InlineData(" Workspace ")]
    [InlineData("WORKSPACE")]
    public void Workspace_is_the_context_s_folder(string spec)
    {
        using var dir = new TempDir();
        dir.File("a.txt", "hello");
        dir.File("workspace/b.txt", "a folder that happens to be called workspace");
        var corpus = Assert.IsType<FolderCorpus>(CorpusResolver.Open(spec, new CorpusContext(dir.Path)));
        Assert.Equal(dir.Path, corpus.Root);
        Assert.Equal($"folder:{dir.Path}", corpus.Id);
        // the folder called workspace is named by its path
        Assert.Equal(Path.Combine(dir.Path, "workspace"), Assert.IsType<FolderCorpus>(CorpusResolver.Open("./workspace", new CorpusContext(dir.Path))).Root);
    }

    [Fact]
    public void Workspace_without_a_workspace_folder_says_to_open_one_or_name_the_folder()
    {
        foreach (var context in new[] { null, CorpusContext.None, new CorpusContext("") })
        {
            var e = Assert.Throws<ArgumentException>(() => CorpusResolver.Open("workspace", context));
            Assert.Contains("'workspace'", e.Message);
            Assert.Contains("no workspace folder", e.Message);
            Assert.Contains("open a folder first", e.Message);
            Assert.Contains("its path", e.Message);
        }
    }

    [Fact]
    public void Paths_are_relative_to_the_workspace_folder_else_the_current_folder_and_tilde_is_home()
    {
        using var dir = new TempDir();
        dir.File("docs/a.txt", "hello");
        dir.File("sub/texts.jsonl", "{\"text\":\"hello\"}\n");
        var docs = Path.Combine(dir.Path, "docs");

        Assert.Equal(docs, Assert.IsType<FolderCorpus>(CorpusResolver.Open("sub/../docs/", new CorpusContext(dir.Path))).Root);
        Assert.Equal(Path.Combine(dir.Path, "sub", "texts.jsonl"),
            Assert.IsType<JsonlCorpus>(CorpusResolver.Open(" sub/texts.jsonl ", new CorpusContext(dir.Path + "/"))).FilePath);
        // an absolute path ignores the workspace folder
        using var other = new TempDir();
        Assert.Equal(docs, Assert.IsType<FolderCorpus>(CorpusResolver.Open(docs, new CorpusContext(other.Path))).Root);
        // no workspace folder: the current folder
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), docs);
        Assert.Equal(docs, Assert.IsType<FolderCorpus>(CorpusResolver.Open(relative, CorpusContext.None)).Root);
        Assert.Equal(docs, Assert.IsType<FolderCorpus>(CorpusResolver.Open(relative)).Root);
        Assert.Throws<ArgumentException>(() => CorpusResolver.Open("docs", new CorpusContext(other.Path)));

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (Directory.Exists(home))
            Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(home)),
                Assert.IsType<FolderCorpus>(CorpusResolver.Open("~", new CorpusContext(dir.Path))).Root);
        var e = Assert.Throws<ArgumentException>(() => CorpusResolver.Open("~/no-such-corpus-folder-i16b.jsonl"));
        Assert.Contains(Path.Combine(home, "no-such-corpus-folder-i16b.jsonl"), e.Message);
    }

    [Fact]
    public void The_accepted_forms_name_every_form()
    {
        foreach (var form in new[] { "'default'", "'all'", "'brown'", "'wordnet'", "'wordnet-all'", "'workspace'", "a folder", ".jsonl" })
            Assert.Contains(form, CorpusResolver.AcceptedForms);
    }

    [Theory]
    [InlineData("nonsense", "no such file or folder")]
    [InlineData("notes.txt", "not .jsonl")]
    [InlineData("missing.jsonl", "no such file")]
    public void Anything_else_is_an_error_naming_the_spec_and_the_accepted_forms(string spec, string why)
    {
        using var dir = new TempDir();
        dir.File("notes.txt", "text");
        foreach (var context in new[] { new CorpusContext(dir.Path), CorpusContext.None })
        {
            var e = Assert.Throws<ArgumentException>(() =>
                CorpusResolver.Open(context.WorkspaceRoot is null ? Path.Combine(dir.Path, spec) : spec, context));
            Assert.Contains(spec, e.Message);
            Assert.Contains(why, e.Message);
            Assert.Contains("'default'", e.Message);
            Assert.Contains(".jsonl", e.Message);
            Assert.Contains(CorpusResolver.AcceptedForms, e.Message);
        }
    }
}
