using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Explain.Scoring;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The field's own scores, shown as field-comparable: OpenAI's simulation correlation (Pearson pooled over every
/// token of the <see cref="TopContexts"/> held-out texts with the largest value and as many random held-out
/// texts, true values normalised to 0..10 as OpenAI does, the candidate's value as the simulation) and delphi's
/// detection (50 held-out texts that fire, 5 from each of 10 quantile bins of their largest value, against 50
/// random texts that do not; a text is predicted to fire where the candidate holds anywhere in it: balanced
/// accuracy; AUROC of its largest candidate value). Texts are chosen by a seeded hash; intervals resample them.
/// </summary>
public sealed class FieldScorer
{
    public const int TopContexts = 20;
    public const int PerBin = 5, Bins = 10, Negatives = 50;

    private readonly SideTarget _side;
    private readonly int[] _openAiDocs, _activating, _quiet;
    private readonly float[] _normalised;

    public FieldScorer(SideTarget side)
    {
        _side = side;
        var table = side.Table;
        var held = Enumerable.Range(0, table.Documents).Where(d => side.Evidence.HeldOutDoc[d] && table.DocFirst[d + 1] > table.DocFirst[d]).ToList();
        var max = new Dictionary<int, float>();
        var fires = new HashSet<int>();
        foreach (int d in held)
        {
            float m = float.NegativeInfinity;
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++) { m = Math.Max(m, side.Value[t]); if (side.Fires[t]) fires.Add(d); }
            max[d] = m;
        }
        ulong Rank(int d) => Scans.StableHash.Of("field:" + table.DocKeys[d]);
        var top = held.OrderByDescending(d => max[d]).ThenBy(d => d).Take(TopContexts).ToList();
        var random = held.Except(top).OrderBy(Rank).Take(top.Count).ToList();
        _openAiDocs = [.. top, .. random];
        float mx = top.Count > 0 ? Math.Max(0, max[top[0]]) : 0;
        _normalised = new float[table.Count];
        foreach (int d in _openAiDocs)
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++)
                _normalised[t] = mx > 0 ? Math.Min(10, MathF.Floor(10 * Math.Max(0, side.Value[t]) / mx)) : 0;
        var firing = fires.OrderBy(d => max[d]).ThenBy(d => d).ToList();
        var act = new List<int>();
        for (int b = 0; b < Bins && firing.Count > 0; b++)
        {
            int lo = b * firing.Count / Bins, hi = (b + 1) * firing.Count / Bins;
            act.AddRange(firing.Skip(lo).Take(hi - lo).OrderBy(Rank).Take(PerBin));
        }
        _activating = act.ToArray();
        _quiet = held.Where(d => !fires.Contains(d)).OrderBy(Rank).Take(Negatives).ToArray();
    }

    /// <summary>delphi's activating contexts (texts, 5 from each of 10 quantile bins) and non-activating ones.</summary>
    public IReadOnlyList<int> Activating => _activating;
    public IReadOnlyList<int> NonActivating => _quiet;

    public FieldScores Score(Candidate c)
    {
        var table = _side.Table;
        var inSet = new HashSet<int>(c.Set);
        float V(int t) => c.IsSet ? (inSet.Contains(t) ? 1 : 0) : c.Values.Dense![t];
        // OpenAI: per-text sums, resampled by text.
        var pairs = _openAiDocs.Select(d =>
        {
            var s = new PairSums();
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++) s.Add(V(t), _normalised[t]);
            return s;
        }).ToArray();
        var total = new PairSums();
        foreach (var p in pairs) total.Add(p, 1);
        var boot = new DocumentBootstrap(Math.Max(1, pairs.Length), SideScorer.Replicates, SideScorer.Seed);
        var (lo, hi) = boot.Interval(pairs);
        var openAi = new Score(total.Pearson(), lo, hi, _openAiDocs.Sum(d => table.DocFirst[d + 1] - table.DocFirst[d]));
        // delphi detection.
        var contexts = _activating.Select(d => (d, label: true)).Concat(_quiet.Select(d => (d, label: false))).ToArray();
        var predicted = new bool[contexts.Length];
        var score = new float[contexts.Length];
        var labels = new bool[contexts.Length];
        for (int i = 0; i < contexts.Length; i++)
        {
            var (d, label) = contexts[i];
            float m = float.NegativeInfinity;
            bool any = false;
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++) { m = Math.Max(m, V(t)); any |= inSet.Contains(t); }
            predicted[i] = any; score[i] = m; labels[i] = label;
        }
        var counts = contexts.Select((_, i) => { var s = new SetCounts(); s.Add(predicted[i], labels[i]); return s; }).ToArray();
        var all = new SetCounts();
        foreach (var s in counts) all.Add(s, 1);
        var boot2 = new DocumentBootstrap(Math.Max(1, contexts.Length), SideScorer.Replicates, SideScorer.Seed);
        var (blo, bhi) = boot2.Interval(counts, s => s.BalancedAccuracy());
        var (alo, ahi) = boot2.AurocInterval(score, labels);
        return new FieldScores(openAi,
            new Score(all.BalancedAccuracy(), blo, bhi, contexts.Length),
            new Score(ExplanationMetrics.Auroc(score, labels), alo, ahi, contexts.Length));
    }
}
