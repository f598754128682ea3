using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Tests.Support;
using Xunit;

namespace InterpLsp.Tests.Explain;

/// <summary>The registry of candidate families: every family's ids parse back through it (same id, same values),
/// colliding prefixes are refused when it is built, and one ranking rule orders candidates everywhere.</summary>
[Collection(ModelCollection.Name)]
public sealed class CandidateFamiliesTests : IClassFixture<ExplainPipelineTests.Evidence>
{
    private readonly ExplainPipelineTests.Evidence _e;
    public CandidateFamiliesTests(ExplainPipelineTests.Evidence e) => _e = e;

    [Fact]
    public void Every_registered_familys_ids_round_trip_through_the_registry()
    {
        var ev = _e.Ev;
        var vector = ExplainEvaluation.PlantVector(_e.Base, ExplainEvaluation.Resolve(_e.Base.Lexicon, "person.n.01"));
        var values = ev.Projections([vector])[0];
        // Another direction's values, so that the directions family proposes (and can parse on this base).
        var other = new DirectionFeature("other", "ab12", false, ev.Table, ev.Projections([RandomNull.Unit(ev.Width, 7)])[0]);
        var b = _e.Base.WithOthers([(other, other.Evaluate(ev.Table))]);
        var side = new SideTarget(ev, values, false, quantile: 0.99);
        var samples = CandidateGenerator.Propose(b, side, side.Fires, withFormulas: true, withOthers: true).Select(c => c.Feature)
            .Append(new RegexFeature(@"(?i)\bhe\b")).ToList(); // user hypotheses are never proposed
        var families = CandidateFamilies.Default;
        // A family that says it cannot propose here (its model file is not built) is exempt; its own tests give it one.
        foreach (var family in families.Families.Where(f => f.Note(b) is null))
            Assert.True(samples.Any(f => families.FamilyOf(f.Id) == family), $"no sample id of the family '{family.Name}'");
        foreach (var f in samples)
        {
            var back = families.TryParse(f.Id, b);
            Assert.True(back is not null, f.Id);
            Assert.Equal(f.Id, back!.Id);
            Assert.Equal(f.Family, back.Family);
            Assert.Equal(f.Evaluate(ev.Table).ToDense(), back.Evaluate(ev.Table).ToDense());
        }
        // Without the evidence's base, what needs it cannot be computed here (null, not an error).
        Assert.Null(families.TryParse(other.Id, (CandidateBase?)null));
        Assert.Null(families.TryParse("ngram:surprisal", (CandidateBase?)null));
        Assert.Null(families.TryParse("nofamily:x", b));
    }

    private sealed class Fake(string name, params string[] prefixes) : ICandidateFamily
    {
        public string Name => name;
        public IReadOnlyList<string> Prefixes => prefixes;
        public IFeature? Parse(string id, FeatureContext context) => null;
        public void Propose(Proposal p) { }
    }

    [Fact]
    public void Colliding_prefixes_and_names_are_refused_when_the_registry_is_built()
    {
        var same = Assert.Throws<ArgumentException>(() => new CandidateFamilies([new WordsFamily(), new Fake("mine", "words:")]));
        Assert.Contains("'words:' of the family 'mine' collides with 'words:' of 'words'", same.Message);
        // A prefix that begins another: an id could belong to either.
        Assert.Throws<ArgumentException>(() => new CandidateFamilies([new WordsFamily(), new Fake("w", "word")]));
        Assert.Throws<ArgumentException>(() => new CandidateFamilies([new Fake("a", "ab:"), new Fake("b", "ab:c")]));
        Assert.Contains("two candidate families are named 'words'",
            Assert.Throws<ArgumentException>(() => new CandidateFamilies([new WordsFamily(), new WordsFamily()])).Message);
        Assert.Throws<ArgumentException>(() => new CandidateFamilies([new Fake("empty", "")]));
        // The default registry is built (its type initialiser would throw otherwise) and every prefix has one owner.
        var all = CandidateFamilies.Default.Families.SelectMany(f => f.Prefixes).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Same(CandidateFamilies.Default.Named("formula"), CandidateFamilies.Default.FamilyOf("formula:words:a OR words:b"));
    }

    private static Candidate Set(IFeature f, params int[] set) => new(f, FeatureValues.Set(10, set), set);

    [Fact]
    public void The_ranking_rule_orders_by_iou_then_complexity_then_id()
    {
        var oneWord = Set(new WordSetFeature(["heat"]), 1);
        var twoWords = Set(new WordSetFeature(["heat", "warm"]), 1, 2);
        var context = Set(ContextFeature.Named("capitalised")!, 3);
        var formula = Set(new FormulaFeature([new WordSetFeature(["a"]), new WordSetFeature(["b"])], [FormulaFeature.Op.Or]), 4);
        var best = Set(new TokenSetFeature(["x", "y", "z"]), 5);
        var iou = new Dictionary<Candidate, double>
        {
            [formula] = 0.5, [twoWords] = 0.5, [oneWord] = 0.5 + 1e-12, // a tie within the rounding
            [context] = 0.5, [best] = 0.6,
        };
        var ranked = CandidateRanking.Rank([formula, twoWords, oneWord, context, best], c => iou[c], CandidateFamilies.Default);
        // IoU first; among the tie, complexity (1: context and one word, by id; 2 words; a formula of 2 terms: 200).
        Assert.Equal(new[] { best, context, oneWord, twoWords, formula }.Select(c => c.Id), ranked.Select(c => c.Id));
        Assert.Equal(200, CandidateFamilies.Default.Complexity(formula.Feature));
        Assert.Equal(2, CandidateFamilies.Default.Complexity(twoWords.Feature));
        Assert.Equal(3, CandidateFamilies.Default.Complexity(best.Feature));
        Assert.Equal(1, CandidateFamilies.Default.Complexity(new RegexFeature("x")));
    }

    [Fact]
    public void The_ranking_rule_is_written_once()
    {
        // Every place that ranks candidates calls CandidateRanking.Rank: no other file of the pipeline orders by
        // a rounded IoU or by complexity.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var explain = Path.Combine(dir!.FullName, "server", "InterpLsp.Analysis", "Explain");
        var files = Directory.GetFiles(explain, "*.cs", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("CandidateRanking.cs", StringComparison.Ordinal));
        foreach (var f in files.Where(f => !f.EndsWith("CandidateRanking.cs", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(f);
            Assert.False(text.Contains("ThenBy(x => families.Complexity") || text.Contains("Complexity(z.c)") || text.Contains("Complexity(x.c)"), f);
            Assert.DoesNotContain("Math.Round(z.iou", text);
            Assert.DoesNotContain("Math.Round(x.iou", text);
        }
        var callers = files.Where(f => File.ReadAllText(f).Contains("CandidateRanking.Rank(")).Select(Path.GetFileName).OrderBy(n => n).ToList();
        Assert.Equal(new[] { "ModeAnalysis.cs", "ResidualPart.cs", "SideExplainer.cs", "UnionTest.cs" }, callers);
    }
}
