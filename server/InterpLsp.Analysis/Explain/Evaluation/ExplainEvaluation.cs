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
///   direct hyponym (a supersense's direct hyponyms are its top synsets, those with no hypernym in it; a formula counts
///   through its terms).
/// - mixtures_split: the sum of two planted directions, each scaled to lift its concept's tokens one unit above the
///   mean token (<see cref="Balanced"/>); both concepts (or a parent or child of each) are named
///   by the positive side's first five candidates, a formula's terms, a mode's best three candidates or the residual
///   parts' five each (<see cref="Pipeline.ResidualPart"/>).
/// - random_unexplained: random unit directions (seeds 5001…); no side's verdict says it is explained.
/// - NeuronEval's sanity checks on our scores: the concept's own candidate against the same with 80% of its word
///   types dropped (seeded), and with as many tokens of unrelated words added as it has; a check passes for a
///   metric when the true candidate scores higher than the damaged one.
/// - Frequency bands (<see cref="FrequencyBands"/>): each concept's share of the corpus's tokens is measured and decides
///   its band (broad over 0.6 %, rare 0.02 %–0.6 %, below that below_rare; a mixture's band is its parts' when they
///   share one, else mixed); top1, top3, mixtures_split and the sanity checks are given per band, the broad band's also
///   under the keys they had before the bands; random directions belong to no band.
/// </summary>
public static class ExplainEvaluation
{
    public const int MaxPlantTokens = 2000;
    /// <summary>The inverse L2 strength of the planted logistic probe (features standardised).</summary>
    public const double PlantStrength = 0.1;

    /// <summary>The targets of issue 17 (top-1 applies to both bands; the broad mixtures keep the earlier 0.7; keys
    /// without a band prefix are the broad band's, as before the bands).</summary>
    public static Dictionary<string, double> DefaultTargets() => new()
    {
        ["top1"] = 0.6, ["top3"] = 0.8, ["mixtures_split"] = 0.7, ["random_unexplained"] = 0.9,
        ["rare.top1"] = 0.6, ["rare.top3"] = 0.8, ["rare.mixtures_split"] = 0.8,
    };

    /// <summary>The harness's report. The keys without a band (concepts, top1, top3, mixtures, mixtures_split and the
    /// sanity checks) are the broad band's, as they were before the bands; <see cref="Bands"/> gives every band.</summary>
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
        /// <summary>Each target (<see cref="DefaultTargets"/>) and whether the figure meets it (<see cref="Met"/>).</summary>
        [JsonProperty("targets")] public Dictionary<string, double> Targets { get; set; } = DefaultTargets();
        [JsonProperty("met")] public Dictionary<string, bool> Met { get; set; } = new();
        /// <summary>The tokens of the corpus sample the shares are of.</summary>
        [JsonProperty("tokens")] public int Tokens { get; set; }
        /// <summary>Per band (<see cref="FrequencyBands"/>) with any case: its figures.</summary>
        [JsonProperty("bands")] public Dictionary<string, Band> Bands { get; set; } = new();
        [JsonProperty("cases")] public List<Case> Cases { get; set; } = new();
        [JsonProperty("seconds")] public double Seconds { get; set; }
    }

    /// <summary>One frequency band's figures (over its planted concepts and its mixtures), with the shares it spans and
    /// the cases that missed.</summary>
    public sealed class Band
    {
        [JsonProperty("share_min")] public double? ShareMin { get; set; }
        [JsonProperty("share_max")] public double? ShareMax { get; set; }
        [JsonProperty("concepts")] public int Concepts { get; set; }
        [JsonProperty("top1")] public double Top1 { get; set; }
        [JsonProperty("top3")] public double Top3 { get; set; }
        [JsonProperty("mixtures")] public int Mixtures { get; set; }
        [JsonProperty("mixtures_split")] public double MixturesSplit { get; set; }
        /// <summary>The same, naming from the first five candidates, formulas' terms and modes only (not the residual
        /// part): what the split was before it, in the same run.</summary>
        [JsonProperty("mixtures_split_without_residual")] public double MixturesSplitWithoutResidual { get; set; }
        /// <summary>A control on what the residual part adds: per mixture, the mean number of the other planted
        /// concepts (neither part) named where a part may be named, with and without the residual part.</summary>
        [JsonProperty("mixtures_others_named")] public double MixturesOthersNamed { get; set; }
        [JsonProperty("mixtures_others_named_without_residual")] public double MixturesOthersNamedWithoutResidual { get; set; }
        [JsonProperty("sanity_missing_labels")] public Dictionary<string, double> SanityMissing { get; set; } = new();
        [JsonProperty("sanity_extra_labels")] public Dictionary<string, double> SanityExtra { get; set; } = new();
        [JsonProperty("targets")] public Dictionary<string, double> Targets { get; set; } = new();
        [JsonProperty("met")] public Dictionary<string, bool> Met { get; set; } = new();
        /// <summary>The concepts not named among the top three, and the mixtures not split.</summary>
        [JsonProperty("misses")] public List<string> Misses { get; set; } = new();
    }

    /// <summary>One planted concept, mixture or random direction. <see cref="Share"/>: a concept's share of the corpus's
    /// tokens (a mixture's: of the tokens under either part; <see cref="PartShares"/> each part's); <see cref="Band"/>:
    /// the band it decides (null for a random direction).</summary>
    public sealed record Case(
        [property: JsonProperty("kind")] string Kind,
        [property: JsonProperty("planted")] string Planted,
        [property: JsonProperty("top")] List<string> Top,
        [property: JsonProperty("verdict")] string Verdict,
        [property: JsonProperty("pass")] bool Pass)
    {
        [JsonProperty("band", NullValueHandling = NullValueHandling.Ignore)] public string? Band { get; init; }
        [JsonProperty("share", NullValueHandling = NullValueHandling.Ignore)] public double? Share { get; init; }
        [JsonProperty("part_shares", NullValueHandling = NullValueHandling.Ignore)] public List<double>? PartShares { get; init; }
        /// <summary>A mixture: split without the residual part's candidates; how many other planted concepts are named,
        /// with and without them.</summary>
        [JsonProperty("split_without_residual", NullValueHandling = NullValueHandling.Ignore)] public bool? SplitWithoutResidual { get; init; }
        [JsonProperty("others_named", NullValueHandling = NullValueHandling.Ignore)] public int? OthersNamed { get; init; }
        [JsonProperty("others_named_without_residual", NullValueHandling = NullValueHandling.Ignore)] public int? OthersNamedWithoutResidual { get; init; }
        /// <summary>A mixture: each residual part's candidates (labels), in order.</summary>
        [JsonProperty("residual", NullValueHandling = NullValueHandling.Ignore)] public List<List<string>>? Residual { get; init; }
        /// <summary>A concept: its most frequent words in the corpus, as "word (tokens)".</summary>
        [JsonProperty("words", NullValueHandling = NullValueHandling.Ignore)] public List<string>? Words { get; init; }
        /// <summary>A concept: whether the first candidate names it (<see cref="Pass"/>: one of the first three).</summary>
        [JsonProperty("top1", NullValueHandling = NullValueHandling.Ignore)] public bool? Top1 { get; init; }
        /// <summary>A concept: per metric, whether the true candidate beat the damaged one (null: the side never fired on the held-out half).</summary>
        [JsonIgnore] public Dictionary<string, bool>? SanityMissing { get; init; }
        [JsonIgnore] public Dictionary<string, bool>? SanityExtra { get; init; }
    }

    /// <summary>A concept's measured frequency: its key, the tokens under it, their share of the table, the band, and
    /// its most frequent words with their tokens (a share made mostly of one function word shows there).</summary>
    public sealed record ConceptShare(
        [property: JsonProperty("concept")] string Name,
        [property: JsonProperty("key")] string Key,
        [property: JsonProperty("tokens")] int Tokens,
        [property: JsonProperty("share")] double Share,
        [property: JsonProperty("band")] string Band,
        [property: JsonProperty("words")] List<string> Words);

    /// <summary>The <paramref name="n"/> words of concept id <paramref name="id"/> with most tokens, as "word (tokens)".</summary>
    public static List<string> TopWords(CandidateBase b, int id, int n = 5) => id < 0 ? []
        : b.WordsOfConcept[id].OrderByDescending(w => b.TokensOfWord[w].Length).ThenBy(w => b.Table.Words[w], StringComparer.Ordinal).Take(n)
            .Select(w => $"{b.Table.Words[w]} ({b.TokensOfWord[w].Length})").ToList();

    public static Report Run(CandidateBase b, RandomNull nul, IReadOnlyList<string>? concepts = null, IReadOnlyList<(string, string)>? mixtures = null,
        int randomDirections = PlantedConcepts.RandomDirections, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var lex = b.Lexicon;
        var ev = b.Evidence;
        var table = b.Table;
        concepts ??= PlantedConcepts.AllConcepts;
        mixtures ??= PlantedConcepts.AllMixtures;
        var keys = new Dictionary<string, string>();
        foreach (var c in concepts.Concat(mixtures.SelectMany(m => new[] { m.Item1, m.Item2 })).Distinct())
            keys[c] = Resolve(lex, c);
        var planted = new Dictionary<string, float[]>();
        float[] Plant(string c) => planted.TryGetValue(c, out var v) ? v : planted[c] = PlantVector(b, keys[c]);
        int[] Holds(string c) => b.ConceptKeys.IndexOf(keys[c]) is int id and >= 0 ? Families.WordNetFamily.ConceptValues(b, id).Holds! : [];
        double ShareOf(string c) => FrequencyBands.Share(Holds(c).Length, table.Count);
        var cases = new List<Case>();
        foreach (var c in concepts)
        {
            cancellation.ThrowIfCancellationRequested();
            double share = ShareOf(c);
            progress?.Report($"concept {c} ({FrequencyBands.Percent(share)} of the tokens, {FrequencyBands.Of(share)})");
            var vector = Plant(c);
            var values = ev.Projections([vector], cancellation)[0];
            var r = Explainer.Explain(b, nul, values, "planted " + c, "planted:" + c, cancellation);
            var pos = r.Sides[0];
            var top = pos.Candidates.Take(3).ToList();
            bool one = top.Count > 0 && Names(lex, top[0], keys[c]);
            bool three = top.Any(x => Names(lex, x, keys[c]));
            var (missing, extra) = Sanity(b, values, pos.Threshold, keys[c]);
            cases.Add(new Case("concept", c, top.Select(x => x.Label).ToList(), pos.Verdict, three)
            {
                Band = FrequencyBands.Of(share), Share = share, Top1 = one, SanityMissing = missing, SanityExtra = extra,
                Words = TopWords(b, b.ConceptKeys.IndexOf(keys[c])),
            });
        }

        foreach (var (a, c2) in mixtures)
        {
            cancellation.ThrowIfCancellationRequested();
            double sa = ShareOf(a), sb = ShareOf(c2);
            double union = FrequencyBands.Share(Holds(a).Union(Holds(c2)).Count(), table.Count);
            string band = FrequencyBands.OfMixture(FrequencyBands.Of(sa), FrequencyBands.Of(sb));
            progress?.Report($"mixture {a} + {c2} ({FrequencyBands.Percent(sa)} + {FrequencyBands.Percent(sb)}, {band})");
            var sum = Balanced(b, [(Plant(a), Holds(a), a), (Plant(c2), Holds(c2), c2)], cancellation);
            var values = ev.Projections([sum], cancellation)[0];
            var r = Explainer.Explain(b, nul, values, $"planted {a} + {c2}", $"planted:{a}+{c2}", cancellation);
            var pos = r.Sides[0];
            var before = pos.Candidates.Take(5).Concat(pos.Modes.SelectMany(md => md.Candidates.Take(3))).ToList();
            var named = before.Concat(pos.Residual.SelectMany(r => r.Candidates)).ToList();
            bool Split(List<ScoredCandidate> l) => l.Any(x => Names(lex, x, keys[a])) && l.Any(x => Names(lex, x, keys[c2]));
            var others = concepts.Select(k => keys[k]).Distinct().Where(k => k != keys[a] && k != keys[c2]).ToList();
            int Others(List<ScoredCandidate> l) => others.Count(k => l.Any(x => Names(lex, x, k)));
            bool ok = Split(named);
            cases.Add(new Case("mixture", $"{a} + {c2}", named.Select(x => x.Label).Distinct().Take(6).ToList(), pos.Verdict, ok)
            {
                Band = band, Share = union, PartShares = [sa, sb],
                SplitWithoutResidual = Split(before), OthersNamed = Others(named), OthersNamedWithoutResidual = Others(before),
                Residual = pos.Residual.Select(p => p.Candidates.Select(x => x.Label).ToList()).ToList(),
            });
        }

        for (int i = 0; i < randomDirections; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report($"random direction {i + 1}");
            var v = RandomNull.Unit(ev.Width, PlantedConcepts.FirstRandomSeed + i);
            var values = ev.Projections([v], cancellation)[0];
            var r = Explainer.Explain(b, nul, values, $"random {i + 1}", $"random:{i}", cancellation);
            bool ok = r.Sides.All(s => s.VerdictKind is "unexplained" or "never_fires");
            cases.Add(new Case("random", $"seed {PlantedConcepts.FirstRandomSeed + i}", r.Sides.SelectMany(s => s.Candidates.Take(1)).Select(x => x.Label).ToList(), r.Verdict, ok));
        }
        var report = Summarize(cases);
        report.Tokens = table.Count;
        report.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        return report;
    }

    /// <summary>The report of a list of cases: per band (<see cref="Case.Band"/>), top-1 and top-3 over its concepts,
    /// mixtures split over its mixtures and the sanity checks over its concepts (a concept without sanity results counts
    /// as failing them); the broad band's figures also under the keys without a band; random directions over all random
    /// cases; each target met or not.</summary>
    public static Report Summarize(IReadOnlyList<Case> cases)
    {
        var report = new Report { Cases = cases.ToList() };
        foreach (var name in FrequencyBands.All)
        {
            var con = cases.Where(c => c.Kind == "concept" && c.Band == name).ToList();
            var mix = cases.Where(c => c.Kind == "mixture" && c.Band == name).ToList();
            if (con.Count == 0 && mix.Count == 0) continue;
            var band = new Band
            {
                ShareMin = FrequencyBands.Range(name)?.Min, ShareMax = FrequencyBands.Range(name)?.Max,
                Concepts = con.Count, Mixtures = mix.Count,
                Top1 = Fraction(con.Count(c => c.Top1 == true), con.Count),
                Top3 = Fraction(con.Count(c => c.Pass), con.Count),
                MixturesSplit = Fraction(mix.Count(c => c.Pass), mix.Count),
                MixturesSplitWithoutResidual = Fraction(mix.Count(c => c.SplitWithoutResidual == true), mix.Count),
                MixturesOthersNamed = mix.Count > 0 ? mix.Average(c => c.OthersNamed ?? 0) : 0,
                MixturesOthersNamedWithoutResidual = mix.Count > 0 ? mix.Average(c => c.OthersNamedWithoutResidual ?? 0) : 0,
                Misses = con.Concat(mix).Where(c => !c.Pass).Select(c => c.Planted).ToList(),
            };
            foreach (var k in con.SelectMany(c => (c.SanityMissing?.Keys ?? Enumerable.Empty<string>()).Concat(c.SanityExtra?.Keys ?? Enumerable.Empty<string>())).Distinct())
            {
                band.SanityMissing[k] = Fraction(con.Count(c => c.SanityMissing?.GetValueOrDefault(k) == true), con.Count);
                band.SanityExtra[k] = Fraction(con.Count(c => c.SanityExtra?.GetValueOrDefault(k) == true), con.Count);
            }
            string prefix = name == FrequencyBands.Broad ? "" : name + ".";
            foreach (var (k, target) in report.Targets.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var metric = k[prefix.Length..];
                if (metric.Contains('.')) continue;
                double? figure = metric switch
                {
                    "top1" when con.Count > 0 => band.Top1, "top3" when con.Count > 0 => band.Top3,
                    "mixtures_split" when mix.Count > 0 => band.MixturesSplit, _ => null,
                };
                if (figure is not double f) continue;
                band.Targets[metric] = target;
                band.Met[metric] = f >= target;
                report.Met[k] = f >= target;
            }
            report.Bands[name] = band;
        }
        if (report.Bands.TryGetValue(FrequencyBands.Broad, out var broad))
        {
            report.Concepts = broad.Concepts; report.Top1 = broad.Top1; report.Top3 = broad.Top3;
            report.Mixtures = broad.Mixtures; report.MixturesSplit = broad.MixturesSplit;
            report.SanityMissing = broad.SanityMissing; report.SanityExtra = broad.SanityExtra;
        }
        var random = cases.Where(c => c.Kind == "random").ToList();
        report.Random = random.Count;
        report.RandomUnexplained = Fraction(random.Count(c => c.Pass), random.Count);
        if (random.Count > 0) report.Met["random_unexplained"] = report.RandomUnexplained >= report.Targets["random_unexplained"];
        return report;
    }

    private static double Fraction(int k, int n) => n > 0 ? (double)k / n : 0;

    /// <summary>Each concept's measured share of the table's tokens and its band (<see cref="FrequencyBands"/>): what
    /// <c>eval-explain --shares</c> prints; a concept no word of the table counts under has 0 tokens, a name WordNet
    /// lacks has the band "unknown" and no key.</summary>
    public static List<ConceptShare> Shares(CandidateBase b, IEnumerable<string> concepts)
    {
        var list = new List<ConceptShare>();
        foreach (var c in concepts)
        {
            string key;
            try { key = Resolve(b.Lexicon, c); }
            catch (ArgumentException) { list.Add(new ConceptShare(c, "", 0, 0, "unknown", [])); continue; }
            int id = b.ConceptKeys.IndexOf(key);
            int n = id < 0 ? 0 : Families.WordNetFamily.ConceptValues(b, id).Holds!.Length;
            double share = FrequencyBands.Share(n, b.Table.Count);
            list.Add(new ConceptShare(c, key, n, share, FrequencyBands.Of(share), TopWords(b, id)));
        }
        return list;
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
        bool keyIsLexname = key.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal);
        bool conceptIsLexname = concept.StartsWith(WordNetLexicon.LexnamePrefix, StringComparison.Ordinal);
        if (keyIsLexname && conceptIsLexname) return false;
        // A supersense's direct children are its top synsets (those with no hypernym in it): verb.motion and travel.v.01.
        // Its head (HeadOf) is the synset it stands for: noun.plant for plant.n.02, which WordNet files under noun.Tops.
        if (keyIsLexname) return IsTopOf(lex, concept, key[WordNetLexicon.LexnamePrefix.Length..]) || HeadOf(lex, key[WordNetLexicon.LexnamePrefix.Length..]) == concept;
        if (conceptIsLexname) return IsTopOf(lex, key, concept[WordNetLexicon.LexnamePrefix.Length..]) || HeadOf(lex, concept[WordNetLexicon.LexnamePrefix.Length..]) == key;
        return lex.Hypernyms(key).Contains(concept) || lex.Hyponyms(key).Contains(concept);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WordNetLexicon, System.Collections.Concurrent.ConcurrentDictionary<string, string?>> Heads = new();

    /// <summary>The synset a supersense stands for: of the noun.Tops synsets (WordNet's unique beginners) that its top
    /// synsets hang from directly, the one most of them do (animal.n.01 for noun.animal: 45 of its 432 top synsets,
    /// organism.n.01 25, the rest taxonomic groups outside noun.Tops; plant.n.02 for noun.plant, person.n.01 for
    /// noun.person); null when none does (the verb supersenses).</summary>
    public static string? HeadOf(WordNetLexicon lex, string lexname) => Heads.GetValue(lex, _ => new()).GetOrAdd(lexname, l =>
    {
        var parents = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in lex.Synsets)
        {
            if (!IsTopOf(lex, s, l)) continue;
            foreach (var h in lex.Hypernyms(s))
                if (lex.Lexname(h) == TopsLexname) parents[h] = parents.GetValueOrDefault(h) + 1;
        }
        return parents.Count == 0 ? null
            : parents.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
    });

    private const string TopsLexname = "noun.Tops";

    /// <summary>True when <paramref name="synset"/> is in the supersense <paramref name="lexname"/> and none of its
    /// hypernyms is.</summary>
    private static bool IsTopOf(WordNetLexicon lex, string synset, string lexname) =>
        lex.Contains(synset) && lex.Lexname(synset) == lexname && lex.Hypernyms(synset).All(h => lex.Lexname(h) != lexname);

    /// <summary>The sum of planted directions, each scaled so that its own tokens (<c>Holds</c>) stand one unit above the
    /// mean token of the evidence (their mean projection minus the mean of all): a direction that fires on every part
    /// alike, so that a rare part is not drowned by a common one or by a part whose probe happens to be steeper.</summary>
    /// <exception cref="ArgumentException">A part does not lift its own tokens above the mean.</exception>
    public static float[] Balanced(CandidateBase b, IReadOnlyList<(float[] Vector, int[] Holds, string Name)> parts, CancellationToken cancellation = default)
    {
        var sum = new float[b.Evidence.Width];
        var values = b.Evidence.Projections(parts.Select(p => p.Vector).ToList(), cancellation);
        for (int i = 0; i < parts.Count; i++)
        {
            var (v, holds, name) = parts[i];
            double margin = holds.Length == 0 ? 0 : holds.Average(t => (double)values[i][t]) - values[i].Average(x => (double)x);
            if (!(margin > 0)) throw new ArgumentException($"the planted direction of {name} does not lift its own tokens above the mean on {b.Evidence.CorpusId} ({holds.Length} tokens)");
            TensorPrimitives.MultiplyAdd(v, (float)(1 / margin), sum, sum);
        }
        return sum;
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
    private static (Dictionary<string, bool>? Missing, Dictionary<string, bool>? Extra) Sanity(CandidateBase b, float[] values, double threshold, string key)
    {
        var side = new SideTarget(b.Evidence, values, false, threshold, null);
        if (side.HeldOutFires == 0) return (null, null);
        var scorer = new SideScorer(side);
        var field = new FieldScorer(side);
        var table = b.Table;
        int id = b.ConceptKeys.IndexOf(key);
        var truth = Families.WordNetFamily.ConceptValues(b, id);
        var words = truth.Holds!.Select(t => table.Word[t]).Distinct().OrderBy(w => Scans.StableHash.Of("drop:" + table.Words[w])).ToList();
        var keep = new HashSet<int>(words.Take(Math.Max(1, words.Count / 5)));
        var dropped = truth.Holds!.Where(t => keep.Contains(table.Word[t])).ToArray();
        var inTruth = new HashSet<int>(truth.Holds!);
        var others = Enumerable.Range(0, table.Count).Where(t => !inTruth.Contains(t) && table.Words[table.Word[t]] is { Length: > 0 } word && char.IsLetter(word[0]))
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
        return (t0.Keys.ToDictionary(k => k, k => t0[k] > tm[k]), t0.Keys.ToDictionary(k => k, k => t0[k] > te[k]));
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
