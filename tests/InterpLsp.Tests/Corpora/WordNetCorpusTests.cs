using System.IO.Compression;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Corpora;

/// <summary>The whole WordNet corpus, read once for the class (about a second).</summary>
public sealed class WordNetFixture
{
    public IReadOnlyList<WordNetSentence> All { get; } = WordNetCorpus.All().Sentences().ToList();
}

/// <summary>The WordNet corpus (the spec <c>wordnet</c>) as it ships beside the server (corpus/wordnet-3.1.jsonl.gz, prepared by ./setup.sh).</summary>
public sealed class WordNetCorpusTests(WordNetFixture wordnet) : IClassFixture<WordNetFixture>
{
    [Fact]
    public void Ships_beside_the_server_with_every_synset_gloss_and_its_metadata()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "corpus", WordNetCorpus.FileName)));
        var all = wordnet.All;
        // WordNet 3.1: 117,791 synsets, each with a definition; the usage examples come on top.
        Assert.Equal(117_791, all.Count(s => s.IsDefinition));
        Assert.True(all.Count > 150_000, $"{all.Count} sentences");
        Assert.Equal(all.Count, all.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count());

        var entity = Assert.Single(all, s => s.Key == "n.00001740.def");
        Assert.Equal("that which is perceived or known or inferred to have its own distinct existence (living or nonliving)", entity.Text);
        Assert.Equal(("n", "00001740", "noun.Tops"), (entity.Pos, entity.Synset, entity.Lexname));
        Assert.Equal(["entity"], entity.Lemmas);
        Assert.Empty(entity.Hypernyms);

        var physical = Assert.Single(all, s => s.Key == "n.00001930.def");
        Assert.Equal(["physical entity"], physical.Lemmas);
        Assert.Equal(["n.00001740"], physical.Hypernyms);

        // Usage examples are sentences of their own, without their quotes.
        Assert.Contains(all, s => s.Key.EndsWith(".ex1", StringComparison.Ordinal) && s.Lexname.StartsWith("verb.", StringComparison.Ordinal));
        Assert.DoesNotContain(all, s => !s.IsDefinition && (s.Text.StartsWith('"') || s.Text.EndsWith('"')));
        Assert.DoesNotContain(all, s => s.Text.Length == 0 || s.Text != s.Text.Trim());
        Assert.Contains(all, s => s.Lexname == "noun.artifact");
        Assert.Contains(all, s => s.Pos == "s" && s.Key.StartsWith("a.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sample_is_the_20000_lowest_ranked_sentences_in_corpus_order_and_the_same_on_every_open()
    {
        var first = WordNetCorpus.Sample().Sentences().Select(s => s.Key).ToList();
        var second = CorpusResolver.Open("wordnet").Documents().Select(d => d.Key).ToList();
        Assert.Equal(WordNetCorpus.DefaultSampleSize, first.Count);
        Assert.Equal(first, second);

        // Brute force: rank every sentence, take the 20,000 smallest, list them in corpus order.
        var expected = wordnet.All
            .Select((s, i) => (s.Key, i, Rank: WordNetCorpus.SampleRank(WordNetCorpus.DefaultSeed, s.Key)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Key, StringComparer.Ordinal).Take(WordNetCorpus.DefaultSampleSize)
            .OrderBy(x => x.i).Select(x => x.Key).ToList();
        Assert.Equal(expected, first);

        var otherSeed = WordNetCorpus.Sample(seed: 2).Sentences().Select(s => s.Key).ToList();
        Assert.Equal(first.Count, otherSeed.Count);
        int shared = first.Intersect(otherSeed, StringComparer.Ordinal).Count();
        // Two independent 20,000-of-N samples share about 20,000^2/N sentences; far from all of them.
        double expectedShared = 20_000.0 * 20_000.0 / wordnet.All.Count;
        Assert.InRange(shared, expectedShared * 0.8, expectedShared * 1.2);
    }

    [Fact]
    public void The_hash_names_the_content_and_differs_between_sample_and_all()
    {
        var a = WordNetCorpus.Sample(size: 500);
        var b = WordNetCorpus.Sample(size: 500);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(CorpusDigest.Of(a.Documents()), a.Hash);
        Assert.Matches("^[0-9a-f]{64}$", a.Hash);
        Assert.NotEqual(a.Hash, WordNetCorpus.Sample(size: 500, seed: 3).Hash);
        Assert.Equal("wordnet-3.1 (sample 500, seed 1)", a.Id);
        Assert.Equal("wordnet-3.1 (all)", WordNetCorpus.All().Id);
    }

    [Fact]
    public void A_missing_or_broken_corpus_file_is_an_error_naming_it_and_the_remedy()
    {
        using var dir = new TempDir();
        string missing = Path.Combine(dir.Path, "none.jsonl.gz");
        var e = Assert.Throws<ArgumentException>(() => WordNetCorpus.Sample(path: missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("./setup.sh", e.Message);

        string notGzip = dir.File("plain.gz", "not gzip at all\n");
        e = Assert.Throws<ArgumentException>(() => WordNetCorpus.All(notGzip).Sentences().ToList());
        Assert.Contains("plain.gz", e.Message);

        // A valid gzip whose header promises more sentences than it holds (a truncated file).
        string truncated = Path.Combine(dir.Path, "short.jsonl.gz");
        using (var gz = new GZipStream(File.Create(truncated), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz))
        {
            w.Write("{\"format\":\"interp-lsp/wordnet-corpus\",\"version\":1,\"source\":\"test\",\"sentences\":2}\n");
            w.Write("{\"key\":\"n.1.def\",\"text\":\"a thing\",\"pos\":\"n\",\"synset\":\"1\",\"lexname\":\"noun.Tops\",\"lemmas\":[\"x\"],\"hypernyms\":[]}\n");
        }
        e = Assert.Throws<ArgumentException>(() => WordNetCorpus.All(truncated).Sentences().ToList());
        Assert.Contains("truncated", e.Message);
    }
}
