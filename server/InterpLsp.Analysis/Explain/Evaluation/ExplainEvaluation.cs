using System.Diagnostics;
using System.Numerics.Tensors;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Explain.WordNet;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.Explain.Evaluation;

/// <summary>
/// The evaluation harness (<c>interp-lsp eval-explain</c>): plants directions whose activation follows a known
/// concept and checks that the pipeline names it.
/// - Planting: a logistic probe of the concept in context: L2-regularised logistic regression (standardised features,
///   C = <see cref="PlantStrength"/>, seed 1) separating the hidden states of the tokens whose word counts under the
///   concept (<see cref="WordNetConceptFeature"/>'s rule) from those of other tokens (at most
///   <see cref="MaxPlantTokens"/> of each, chosen by hash, from the whole evidence); its unit weight vector.
/// - top1 / top3: the positive side's first / first three candidates include the concept, its direct hypernym or a
///   direct hyponym (a formula counts through its first term).
/// - mixtures_split: the sum of two planted unit directions; both concepts (or a parent or child of each) are named
///   by the positive side's first five candidates, a formula's terms, or a mode's best three candidates.
/// - random_unexplained: random unit directions (seeds 5001…); no side's verdict says it is explained.
/// - NeuronEval's sanity checks on our scores: the concept's own candidate against the same with 80% of its word
///   types dropped (seeded), and with as many tokens of unrelated words added as it has; a check passes for a
///   metric when the true candidate scores higher than the damaged one.
/// </summary>
public static class ExplainEvaluation
{
    public const int MaxPlantTokens = 2000;
    /// <summary>The inverse L2 strength of the planted logistic probe (features standardised).</summary>
    public const double PlantStrength = 0.1;

    public sealed class Report
    {
        [JsonProperty("concepts")] public int Concepts { get; set; }
        [JsonProperty("top1")] public double Top1 { get; set; }
        [JsonProperty("top3")] public double Top3 { get; set; }
        [JsonProperty("mixtures")] public int Mixtures { get; set; }
        [JsonProperty("mixtures_split")] public double MixturesSplit { get; set; }
        [JsonProperty("random")] public int Random { get; set; }
        [JsonProperty("random_unexplained")] public double RandomUnexplained { get; set; }
        /// <summary>Per metric: the fraction of concepts for which the true candidate beats the one with most labels dropped.</summary>
        [JsonProperty("sanity_missing_labels")] public Dictionary<string, double> SanityMissing { get; set; } = new();
        [JsonProperty("sanity_extra_labels")] public Dictionary<string, double> SanityExtra { get; set; } = new();
        [JsonProperty("targets")] public Dictionary<string, double> Targets { get; set; } = new() { ["top1"] = 0.5, ["top3"] = 0.8, ["mixtures_split"] = 0.7, ["random_unexplained"] = 0.9 };
        [JsonProperty("cases")] public List<Case> Cases { get; set; } = new();
        [JsonProperty("seconds")] public double Seconds { get; set; }
    }

    public sealed record Case(
        [property: JsonProperty("kind")] string Kind,
        [property: JsonProperty("planted")] string Planted,
        [property: JsonProperty("top")] List<string> Top,
        [property: JsonProperty("verdict")] string Verdict,
        [property: JsonProperty("pass")] bool Pass);

    public static Report Run(CandidateBase b, RandomNull nul, IReadOnlyList<string>? concepts = null, IReadOnlyList<(string, string)>? mixtures = null,
        int randomDirections = PlantedConcepts.RandomDirections, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var lex = b.Lexicon;
        var ev = b.Evidence;
        var report = new Report();
        var keys = new Dictionary<string, string>();
        foreach (var c in (concepts ?? PlantedConcepts.Concepts).Concat((mixtures ?? PlantedConcepts.Mixtures).SelectMany(m => new[] { m.Item1, m.Item2 })).Distinct())
            keys[c] = Resolve(lex, c);
        var planted = new Dictionary<string, float[]>();
        float[] Plant(string c) => planted.TryGetValue(c, out var v) ? v : planted[c] = PlantVector(b, keys[c]);
        int top1 = 0, top3 = 0, n = 0;
        var missing = new Dictionary<string, int>(); var extra = new Dictionary<string, int>();
        foreach (var c in concepts ?? PlantedConcepts.Concepts)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report($"concept {c}");
            var vector = Plant(c);
            var values = ev.Projections([vector], cancellation)[0];
            var r = Explainer.Explain(b, nul, values, "planted " + c, "planted:" + c, cancellation);
            var pos = r.Sides[0];
            var top = pos.Candidates.Take(3).ToList();
            bool one = top.Count > 0 && Names(lex, top[0], keys[c]);
            bool three = top.Any(x => Names(lex, x, keys[c]));
            if (one) top1++;
            if (three) top3++;
            n++;
            report.Cases.Add(new Case("concept", c, top.Select(x => x.Label).ToList(), pos.Verdict, three));
            Sanity(b, values, pos.Threshold, keys[c], missing, extra);
        }
        report.Concepts = n;
        report.Top1 = n > 0 ? (double)top1 / n : 0;
        report.Top3 = n > 0 ? (double)top3 / n : 0;
        foreach (var (k, v) in missing) report.SanityMissing[k] = n > 0 ? (double)v / n : 0;
        foreach (var (k, v) in extra) report.SanityExtra[k] = n > 0 ? (double)v / n : 0;

        int split = 0, m = 0;
        foreach (var (a, c2) in mixtures ?? PlantedConcepts.Mixtures)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report($"mixture {a} + {c2}");
            var va = Plant(a); var vb = Plant(c2);
            var sum = new float[va.Length];
            TensorPrimitives.Add(va, vb, sum);
            var values = ev.Projections([sum], cancellation)[0];
            var r = Explainer.Explain(b, nul, values, $"planted {a} + {c2}", $"planted:{a}+{c2}", cancellation);
            var pos = r.Sides[0];
            var named = pos.Candidates.Take(5).Concat(pos.Modes.SelectMany(md => md.Candidates.Take(3))).ToList();
            bool ok = named.Any(x => Names(lex, x, keys[a])) && named.Any(x => Names(lex, x, keys[c2]));
            if (ok) split++;
            m++;
            report.Cases.Add(new Case("mixture", $"{a} + {c2}", named.Select(x => x.Label).Distinct().Take(6).ToList(), pos.Verdict, ok));
        }
        report.Mixtures = m;
        report.MixturesSplit = m > 0 ? (double)split / m : 0;

        int unexplained = 0;
        for (int i = 0; i < randomDirections; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report($"random direction {i + 1}");
            var v = RandomNull.Unit(ev.Width, PlantedConcepts.FirstRandomSeed + i);
            var values = ev.Projections([v], cancellation)[0];
            var r = Explainer.Explain(b, nul, values, $"random {i + 1}", $"random:{i}", cancellation);
            bool ok = r.Sides.All(s => s.VerdictKind is "unexplained" or "never_fires");
            if (ok) unexplained++;
            report.Cases.Add(new Case("random", $"seed {PlantedConcepts.FirstRandomSeed + i}", r.Sides.SelectMany(s => s.Candidates.Take(1)).Select(x => x.Label).ToList(), r.Verdict, ok));
        }
        report.Random = randomDirections;
        report.RandomUnexplained = randomDirections > 0 ? (double)unexplained / randomDirections : 0;
        report.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        return report;
    }

    /// <summary>A concept name of <see cref="PlantedConcepts"/> as a lexicon concept key.</summary>
    public static string Resolve(WordNetLexicon lex, string name) =>
        name.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal) ? name
            : lex.Resolve(name) ?? throw new ArgumentException($"WordNet 3.1 has no synset named {name}");

    /// <summary>Whether a candidate names the concept <paramref name="key"/>, its direct hypernym or a direct hyponym.</summary>
    public static bool Names(WordNetLexicon lex, ScoredCandidate c, string key)
    {
        var id = c.Id;
        if (id.StartsWith(FormulaFeature.Prefix, StringComparison.Ordinal))
        {
            var terms = id[FormulaFeature.Prefix.Length..].Split([" AND NOT ", " AND ", " OR "], StringSplitOptions.None);
            return terms.Any(t => NamesId(lex, t, key));
        }
        return NamesId(lex, id, key);
    }

    private static bool NamesId(WordNetLexicon lex, string id, string key)
    {
        string? concept = id.StartsWith(WordNetConceptFeature.SynsetPrefix, StringComparison.Ordinal) ? id[WordNetConceptFeature.SynsetPrefix.Length..]
            : id.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal) ? id : null;
        if (concept is null) return false;
        if (concept == key) return true;
        if (key.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal) || concept.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal)) return false;
        return lex.Hypernyms(key).Contains(concept) || lex.Hyponyms(key).Contains(concept);
    }

    /// <summary>The planted direction of a concept (see the class summary), unit length.</summary>
    public static float[] PlantVector(CandidateBase b, string key)
    {
        int id = b.ConceptKeys.IndexOf(key);
        if (id < 0) throw new ArgumentException($"no word of the corpus counts under {key}");
        return PlantVector(b, Families.WordNetFamily.ConceptValues(b, id).Holds!, key);
    }

    /// <summary>The planted direction of any set of tokens (<paramref name="holds"/>, ascending; e.g. where a feature
    /// of some family holds), unit length; <paramref name="name"/> names it in errors.</summary>
    public static float[] PlantVector(CandidateBase b, int[] holds, string name)
    {
        var table = b.Table;
        var inSet = new HashSet<int>(holds);
        ulong H(int t) => Scans.StableHash.Token(11, (ulong)table.Doc[t], table.Position[t]);
        var pos = holds.OrderBy(H).Take(MaxPlantTokens).ToList();
        var neg = Enumerable.Range(0, table.Count).Where(t => !inSet.Contains(t)).OrderBy(H).Take(MaxPlantTokens).ToList();
        if (pos.Count < 5) throw new ArgumentException($"only {pos.Count} tokens of the corpus count under {name}");
        var rows = b.Evidence.States([.. pos, .. neg]);
        int width = rows[0].Length;
        var data = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++) rows[i].CopyTo(data, i * width);
        var labels = pos.Select(_ => 1).Concat(neg.Select(_ => 0)).ToArray();
        var probe = Probes.LogisticFit.Fit(new Probes.FeatureMatrix(data, width, labels), seed: 1, c: PlantStrength);
        var v = (float[])probe.Weights.Clone();
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    /// <summary>NeuronEval's two sanity checks on the positive side (at the threshold its explanation chose), for the four primary metrics and (for contrast)
    /// delphi's detection AUROC.</summary>
    private static void Sanity(CandidateBase b, float[] values, double threshold, string key, Dictionary<string, int> missing, Dictionary<string, int> extra)
    {
        var side = new SideTarget(b.Evidence, values, false, threshold, null);
        if (side.HeldOutFires == 0) return;
        var scorer = new SideScorer(side);
        var field = new FieldScorer(side);
        var table = b.Table;
        int id = b.ConceptKeys.IndexOf(key);
        var truth = Families.WordNetFamily.ConceptValues(b, id);
        var words = truth.Holds!.Select(t => table.Word[t]).Distinct().OrderBy(w => Scans.StableHash.Of("drop:" + table.Words[w])).ToList();
        var keep = new HashSet<int>(words.Take(Math.Max(1, words.Count / 5)));
        var dropped = truth.Holds!.Where(t => keep.Contains(table.Word[t])).ToArray();
        var inTruth = new HashSet<int>(truth.Holds!);
        var others = Enumerable.Range(0, table.Count).Where(t => !inTruth.Contains(t) && char.IsLetter(table.Words[table.Word[t]][0]))
            .Select(t => table.Word[t]).Distinct().OrderBy(w => Scans.StableHash.Of("add:" + table.Words[w])).ToList();
        var added = new HashSet<int>(truth.Holds!);
        var addedWords = new HashSet<int>();
        foreach (var w in others) { if (added.Count >= 2 * truth.Holds!.Length) break; addedWords.Add(w); }
        for (int t = 0; t < table.Count && added.Count < 2 * truth.Holds!.Length; t++) if (addedWords.Contains(table.Word[t])) added.Add(t);
        var extraSet = added.OrderBy(t => t).ToArray();
        Candidate C(int[] set, string label) => new(new WordSetFeature([label]), FeatureValues.Set(table.Count, set), set);
        var t0 = Metrics(scorer, field, C(truth.Holds!, "truth"));
        var tm = Metrics(scorer, field, C(dropped, "dropped"));
        var te = Metrics(scorer, field, C(extraSet, "extra"));
        foreach (var k in t0.Keys)
        {
            if (t0[k] > tm[k]) missing[k] = missing.GetValueOrDefault(k) + 1; else missing.TryAdd(k, 0);
            if (t0[k] > te[k]) extra[k] = extra.GetValueOrDefault(k) + 1; else extra.TryAdd(k, 0);
        }
    }

    private static Dictionary<string, double> Metrics(SideScorer scorer, FieldScorer field, Candidate c)
    {
        var s = scorer.Score(c, out _, out _);
        var f = field.Score(c);
        return new()
        {
            ["iou"] = s.IoU.Value, ["f1"] = s.F1.Value, ["auprc"] = s.Auprc.Value, ["pearson"] = s.Pearson.Value,
            ["detection_auroc (field)"] = f.DetectionAuroc.Value, ["openai_correlation (field)"] = f.OpenAiCorrelation.Value,
        };
    }
}
