using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The null: <see cref="Directions"/> random directions at the same hook (unit vectors with independent normal
/// components, seeds 1001…), both sides of each, run through the same threshold choice (<see cref="ThresholdRule"/>),
/// proposal and held-out scoring as the direction explained (without the library's other directions). Each random
/// side's best held-out IoU, at the threshold it chose for itself, is what a direction with no meaning gets from the
/// thresholds and candidates tried; a candidate is significant when it beats nearly all of them. Since the rule tries
/// 0 as well for a direction with a natural boundary there (a probe, an SAE feature), each random side is run at every
/// threshold of the rule and at its own 0 once, and there are two nulls: <see cref="ForBoundary"/> gives the one whose
/// choice includes 0. The per-threshold table is cached per model, corpus, hook, pipeline version, rule and
/// registered families, since it depends on nothing else; the random sides themselves (needed for each candidate's
/// random-direction baseline) are recomputed at the thresholds chosen.
/// </summary>
public sealed class RandomNull
{
    public const int Directions = 20;
    public const int FirstSeed = 1001;
    /// <summary>Changes whenever the candidates, the threshold rule or the scoring change, so a cached null is never stale.</summary>
    public const string PipelineVersion = "explain-5-thresholds";

    /// <summary>One threshold tried for one random side (cached).</summary>
    public sealed record Row(
        [property: JsonProperty("share")] double? Share,
        [property: JsonProperty("threshold")] double Threshold,
        [property: JsonProperty("propose_fires")] int ProposeFires,
        [property: JsonProperty("skipped")] bool Skipped,
        [property: JsonProperty("propose_best_iou")] double ProposeBestIoU,
        [property: JsonProperty("heldout_best_iou")] double HeldOutBestIoU);

    private readonly float[][]? _values;
    private readonly ExplainEvidence? _evidence;
    private readonly List<List<Row>>? _rows;
    private RandomNull? _boundary;

    private RandomNull(List<SideTarget> sides, List<double> best, bool naturalBoundary, float[][]? values = null, ExplainEvidence? evidence = null, List<List<Row>>? rows = null)
    {
        Sides = sides; BestIoU = best; NaturalBoundary = naturalBoundary; _values = values; _evidence = evidence; _rows = rows;
    }

    public IReadOnlyList<SideTarget> Sides { get; }
    public IReadOnlyList<double> BestIoU { get; }
    /// <summary>True for the null whose random sides' choice included their natural boundary 0.</summary>
    public bool NaturalBoundary { get; }
    /// <summary>Per random side, every threshold tried (null when the null was made from given values).</summary>
    public IReadOnlyList<IReadOnlyList<Row>>? Rows => _rows;

    /// <summary>The null for a direction with (<paramref name="naturalBoundary"/>) or without a natural boundary at 0.</summary>
    public RandomNull ForBoundary(bool naturalBoundary)
    {
        if (naturalBoundary == NaturalBoundary || _rows is null) return this;
        return _boundary ??= Choose(_evidence!, _values!, _rows, naturalBoundary);
    }

    /// <summary>p = (1 + nulls at or above <paramref name="iou"/>) / (1 + nulls).</summary>
    public double P(double iou) => (1.0 + BestIoU.Count(b => b >= iou)) / (1.0 + BestIoU.Count);

    /// <summary>The null's random directions: <see cref="Unit"/> with seeds FirstSeed, FirstSeed + 1, ...</summary>
    public static float[][] Vectors(int width, int count = Directions) =>
        Enumerable.Range(0, count).Select(k => Unit(width, FirstSeed + k)).ToArray();

    /// <summary>A random unit vector: independent standard normal components (Box-Muller from System.Random(seed)),
    /// scaled to length 1.</summary>
    public static float[] Unit(int width, int seed)
    {
        var rng = new Random(seed);
        var v = new float[width];
        double norm = 0;
        for (int i = 0; i < width; i++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            v[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            norm += v[i] * (double)v[i];
        }
        float s = (float)(1 / Math.Sqrt(norm));
        for (int i = 0; i < width; i++) v[i] *= s;
        return v;
    }

    public static RandomNull Build(CandidateBase b, string? cacheDirectory, List<string> warnings, CancellationToken cancellation)
    {
        var ev = b.Evidence;
        var values = ev.Projections(Vectors(ev.Width), cancellation);
        string? file = cacheDirectory is null ? null : Path.Combine(cacheDirectory, Digest(ev, b.Families) + ".json");
        var rows = file is not null && TryRead(file) is { Count: var n } cached && n == 2 * values.Length ? cached : null;
        if (rows is null)
        {
            var computed = new List<Row>[2 * values.Length];
            Parallel.For(0, computed.Length, new ParallelOptions { CancellationToken = cancellation }, i => computed[i] = RowsOf(b, values[i / 2], i % 2 == 1, cancellation));
            rows = [.. computed];
            if (file is not null)
            {
                try { Directory.CreateDirectory(cacheDirectory!); Interp.IO.DurableFile.Write(file, System.Text.Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(rows))); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { warnings.Add($"could not cache the null in {file}: {e.Message}"); }
            }
        }
        return Choose(ev, values, rows, naturalBoundary: false);
    }

    /// <summary>Every threshold of the rule (and the side's own 0) for one random side, with the best candidate's IoU on
    /// each half there.</summary>
    private static List<Row> RowsOf(CandidateBase b, float[] values, bool negative, CancellationToken cancellation)
    {
        var choice = ThresholdRule.Choose(b, values, negative, naturalBoundary: true, withOthers: false, cancellation);
        return choice.Tried.Select(t => new Row(t.Share, t.Side.Threshold, t.Side.ProposeFires, t.Skipped is not null, t.ProposeBestIoU,
            t.Candidates is null ? 0 : HeldOutBest(t.Side, t.Candidates))).ToList();
    }

    /// <summary>The null of one variant: each random side at the threshold the rule chooses from its rows.</summary>
    private static RandomNull Choose(ExplainEvidence ev, float[][] values, List<List<Row>> rows, bool naturalBoundary)
    {
        var sides = new SideTarget[rows.Count];
        var best = new double[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            Row? chosen = null;
            foreach (var r in rows[i])
            {
                if (r.Skipped || r.Share is null && !naturalBoundary) continue;
                if (chosen is null || ThresholdRule.Better(r.ProposeBestIoU, r.ProposeFires, chosen.ProposeBestIoU, chosen.ProposeFires)) chosen = r;
            }
            var first = rows[i].FirstOrDefault();
            sides[i] = new SideTarget(ev, values[i / 2], i % 2 == 1, chosen?.Threshold ?? first?.Threshold ?? 0, chosen is null ? first?.Share : chosen.Share);
            best[i] = chosen?.HeldOutBestIoU ?? 0;
            _ = sides[i].HeldOutSums; // computed here, before the sides are shared between threads
        });
        return new RandomNull([.. sides], [.. best], naturalBoundary, values, ev, rows);
    }

    /// <summary>The best held-out IoU among <paramref name="candidates"/> for <paramref name="side"/>.</summary>
    public static double HeldOutBest(SideTarget side, IEnumerable<Candidate> candidates)
    {
        if (side.ProposeFires == 0 || side.HeldOutFires == 0) return 0;
        var scorer = new SideScorer(side);
        double best = 0;
        foreach (var c in candidates) best = Math.Max(best, scorer.QuickIoU(c.Set, out _, out _));
        return best;
    }

    /// <summary>The cache key: the pipeline version, the evidence, the threshold rule and the families proposed from (so
    /// that registering a family never reads a null computed without it).</summary>
    private static string Digest(ExplainEvidence ev, Families.CandidateFamilies families) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{PipelineVersion}\n{ev.ModelId}\n{ev.CorpusHash}\n{ev.Hook}\n{ev.Table.Count}\n{string.Join(",", ThresholdRule.TopShares.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}\n{ThresholdRule.MinFires}\n{Directions}\n"
            + string.Join(",", families.Families.Select(f => f.Name)))), 0, 16).ToLowerInvariant();

    private static List<List<Row>>? TryRead(string file)
    {
        try { return File.Exists(file) ? JsonConvert.DeserializeObject<List<List<Row>>>(File.ReadAllText(file)) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }
}
