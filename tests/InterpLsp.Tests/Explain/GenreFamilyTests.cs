using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using Store = InterpLsp.Analysis.ActivationStore.ActivationStore;

namespace InterpLsp.Tests.Explain;

/// <summary>The genre family (<see cref="GenreFamily"/>) on a small sample of the prepared Brown Corpus: each document
/// keeps its text's genre in the evidence, a direction that fires throughout the news texts is explained by
/// <c>genre:news</c>, its id parses back to the same tokens, and on a corpus without genres the family proposes nothing
/// and says why.</summary>
[Collection(ModelCollection.Name)]
public sealed class GenreFamilyTests : IClassFixture<GenreFamilyTests.BrownEvidence>, IClassFixture<ExplainPipelineTests.Evidence>
{
    private const string Hook = "blocks.3.hook_resid_post";

    public sealed class BrownEvidence : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("interp-genre-").FullName;

        public BrownEvidence(ModelFixture fx)
        {
            var corpus = BrownCorpus.Sample(600, seed: 2);
            var v = new float[384]; v[0] = 1;
            var neuron = new Direction($"neuron:{Hook}:0", "neuron 0", Hook, v, DirectionKind.Neuron, NeuronIndex: 0);
            var warnings = new List<string>();
            Ev = EvidenceLoader.Open(fx.Model, corpus, neuron, Hook, new Store(_root, 1L << 30), null, warnings, out _, default);
            Base = new CandidateBase(Ev, WordNetLexicon.Default());
            Null = RandomNull.Build(Base, null, warnings, default);
        }

        public ExplainEvidence Ev { get; }
        public CandidateBase Base { get; }
        public RandomNull Null { get; }
        public void Dispose() { Ev.Dispose(); Directory.Delete(_root, true); }
    }

    private readonly BrownEvidence _b;
    private readonly ExplainPipelineTests.Evidence _wordnet;
    private readonly ITestOutputHelper _out;

    public GenreFamilyTests(BrownEvidence b, ExplainPipelineTests.Evidence wordnet, ITestOutputHelper output) { _b = b; _wordnet = wordnet; _out = output; }

    [Fact]
    public void The_evidence_keeps_each_documents_genre_from_the_corpus()
    {
        var byKey = BrownCorpus.Sample(600, seed: 2).Documents().ToDictionary(d => d.Key, d => d.Genre!.Id);
        var table = _b.Ev.Table;
        Assert.True(_b.Ev.HasGenres);
        for (int d = 0; d < table.Documents; d++) Assert.Equal(byKey[table.DocKeys[d]], _b.Ev.DocGenre[d]!.Id);
        Assert.False(_wordnet.Ev.HasGenres);
    }

    [Fact]
    public void A_direction_that_fires_throughout_news_texts_is_explained_by_that_genre()
    {
        var table = _b.Ev.Table;
        // Fires (value 1) on every token of the news texts, 0 elsewhere, with a small seeded jitter so values are not tied.
        var rng = new Random(11);
        var values = new float[table.Count];
        int news = 0;
        for (int t = 0; t < table.Count; t++)
        {
            bool isNews = _b.Ev.DocGenre[table.Doc[t]]!.Id == "news";
            if (isNews) news++;
            values[t] = (isNews ? 1f : 0f) + (float)(rng.NextDouble() * 0.01);
        }
        _out.WriteLine($"news: {news:N0} of {table.Count:N0} tokens");
        Assert.True(news > 300, $"only {news} news tokens in the sample");
        var r = Explainer.Explain(_b.Base, _b.Null, values, "news", Hook, default);
        var pos = r.Sides[0];
        var listing = string.Join("\n", pos.Candidates.Take(8).Select(c => $"{c.Id} ({c.Label}) IoU {c.Scores.IoU.Value:F3} p {c.P:F3}"));
        _out.WriteLine(listing);
        _out.WriteLine(r.Verdict);
        Assert.Equal("genre:news", pos.Candidates[0].Id);
        Assert.Equal("text of the genre Press: reportage (news)", pos.Candidates[0].Label);
        Assert.DoesNotContain(r.Warnings, w => w.StartsWith("no genre candidates", StringComparison.Ordinal));
        // The id parses back, through the registry, to exactly the news texts' tokens.
        var back = CandidateFamilies.Default.TryParse("genre:news", _b.Base)!;
        var holds = back.Evaluate(table).Holds!;
        Assert.Equal(news, holds.Length);
        Assert.All(holds, t => Assert.Equal("news", _b.Ev.DocGenre[table.Doc[t]]!.Id));
        Assert.Contains("no genre 'poetry'", Assert.Throws<ArgumentException>(() => CandidateFamilies.Default.TryParse("genre:poetry", _b.Base)).Message);
    }

    [Fact]
    public void On_a_corpus_without_genres_the_family_proposes_nothing_and_says_why()
    {
        var family = Assert.IsType<GenreFamily>(CandidateFamilies.Default.Named("genre"));
        Assert.Null(CandidateFamilies.Default.TryParse("genre:news", _wordnet.Base));
        Assert.Null(CandidateFamilies.Default.TryParse("genre:news", (CandidateBase?)null));
        Assert.Equal("genre(none)", family.Key(_wordnet.Base));
        Assert.StartsWith("genre(", family.Key(_b.Base));
        Assert.Contains("news", family.Key(_b.Base));
        Assert.Contains("names no genre", family.Note(_wordnet.Base));
        Assert.Null(family.Note(_b.Base));
    }
}
