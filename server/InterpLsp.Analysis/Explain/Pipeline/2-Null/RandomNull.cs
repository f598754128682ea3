using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The null: <see cref="Directions"/> random directions at the same hook (unit vectors with independent normal
/// components, seeds 1001…), both sides of each, run through the same threshold choice (<see cref="ThresholdRule"/>,
/// by the same proxy, <see cref="ThresholdProxy"/>), then the full proposal and held-out scoring at the threshold chosen as the direction explained (without the library's other directions). Each random
/// side's best held-out IoU, at the threshold it chose for itself, is what a direction with no meaning gets from the
/// thresholds and candidates tried; a candidate is significant when it beats nearly all of them. Each random side is
/// run at every share of the rule; for a side whose natural boundary 0 was tried as a threshold of its own, also at
/// the share that boundary leaves firing, to two significant digits (<see cref="ForBoundaryShare"/>), so that both choose
/// among the same shares.
/// A row holds each threshold's proxy; only the chosen row's best held-out IoU is computed (the full proposal there).
/// The rows at the rule's shares are cached per model, corpus, hook, pipeline version, rule and registered families,
/// since they depend on nothing else; the rows at a boundary's share are made when a side first asks (kept in memory
/// and cached beside them);
/// the random sides themselves (needed for each candidate's random-direction baseline) are recomputed at the
/// thresholds chosen.
/// </summary>
public sealed class RandomNull
{
    public const int Directions = 20;
    public const int FirstSeed = 1001;
    /// <summary>Changes whenever the candidates, the threshold rule or the scoring change, so a cached null is never stale.</summary>
    public const string PipelineVersion = "explain-10-crossfit-proxy";

    /// <summary>One threshold tried for one random side (cached).</summary>
    public sealed record Row(
        [property: JsonProperty("share")] double? Share,
        [property: JsonProperty("threshold")] double Threshold,
        [property: JsonProperty("propose_fires")] int ProposeFires,
        [property: JsonProperty("skipped")] bool Skipped,
        [property: JsonProperty("propose_best_iou")] double ProposeBestIoU,
        [property: JsonProperty("heldout_best_iou")] double? HeldOutBestIoU);

    /// <summary>What the other variants are made from: the candidate base, the random values and the rows at the
    /// rule's shares; the variants made so far, by boundary share.</summary>
    private sealed class Source(CandidateBase b, float[][] values, List<List<Row>> rows, string? file)
    {
        /// <summary>The cache file of the rule's shares (null: not cached); a boundary share's rows go beside it.</summary>
        public string? File { get; } = file;
        public CandidateBase Base { get; } = b;
        public float[][] Values { get; } = values;
        public List<List<Row>> Rows { get; } = rows;
        public readonly object Gate = new();
        public RandomNull? Plain;
        public readonly Dictionary<double, RandomNull> ByShare = new();
    }

    private readonly Source _source;

    private RandomNull(List<SideTarget> sides, List<double> best, double? boundaryShare, Source source)
    {
        Sides = sides; BestIoU = best; BoundaryShare = boundaryShare; _source = source;
    }

    public IReadOnlyList<SideTarget> Sides { get; }
    public IReadOnlyList<double> BestIoU { get; }
    /// <summary>The share at which each random side also tried a threshold (the share above the explained side's
    /// natural boundary); null for the null of the rule's shares alone.</summary>
    public double? BoundaryShare { get; }

    /// <summary>The null for a side whose choice tried its natural boundary 0 as a threshold of its own, leaving
    /// <paramref name="share"/> of its proposing half firing (null: it did not): each random side tries the threshold
    /// at that share besides the rule's (<see cref="ThresholdRule.AtShare"/>), and chooses among them by the same rule.
    /// Made on the first request for a share, kept for the next.</summary>
    public RandomNull ForBoundaryShare(double? share)
    {
        var src = _source;
        if (share is not { } exact) return src.Plain!;
        double s = RoundShare(exact);
        lock (src.Gate)
        {
            if (src.ByShare.TryGetValue(s, out var made)) return made;
            var ev = src.Base.Evidence;
            string? file = src.File is null ? null : $"{src.File}.share-{s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.json";
            var rows = file is not null && TryRead<List<List<Row>>>(file) is { } cached && cached.Count == src.Rows.Count
                       && cached.Select((r, i) => r.Count == src.Rows[i].Count + 1).All(ok => ok) ? cached : null;
            bool computed = rows is null;
            if (rows is null)
            {
                var extra = new Row[src.Rows.Count];
                Parallel.For(0, extra.Length, i => extra[i] = RowOf(src.Base, ThresholdRule.AtShare(ev, src.Values[i / 2], i % 2 == 1, s)));
                rows = src.Rows.Select((r, i) => (List<Row>)[.. r, extra[i]]).ToList();
            }
            if (src.ByShare.Count >= 32) src.ByShare.Clear();
            int Unfilled() => rows.Sum(r => r.Count(x => x.HeldOutBestIoU is null));
            int before = Unfilled();
            var result = src.ByShare[s] = Choose(src, rows, s);
            if (computed || Unfilled() != before) Write(file, rows, null);
            return result;
        }
    }

    /// <summary>A boundary's share as the null runs it: to two significant digits (0.001234 → 0.0012), so that directions
    /// whose boundaries leave nearly the same share firing share one null, cached beside the rule's.</summary>
    public static double RoundShare(double share) =>
        share > 0 && double.IsFinite(share) ? Math.Round(share, Math.Clamp(1 - (int)Math.Floor(Math.Log10(share)), 0, 15)) : share;

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
        string? file = cacheDirectory is null ? null : Path.Combine(cacheDirectory, Digest(b) + ".json");
        var rows = file is not null && TryRead<List<List<Row>>>(file) is { Count: var n } cached && n == 2 * values.Length ? cached : null;
        if (rows is null)
        {
            var computed = new List<Row>[2 * values.Length];
            Parallel.For(0, computed.Length, new ParallelOptions { CancellationToken = cancellation }, i =>
                computed[i] = ThresholdRule.Thresholds(ev, values[i / 2], i % 2 == 1, naturalBoundary: false).Select(t => RowOf(b, t)).ToList());
            rows = [.. computed];
            var src0 = new Source(b, values, rows, file);
            src0.Plain = Choose(src0, rows, null); // fills the chosen rows' held-out best
            Write(file, rows, warnings);
            return src0.Plain;
        }
        var src = new Source(b, values, rows, file);
        return src.Plain = Choose(src, rows, null);
    }

    /// <summary>One threshold of a random side: the proxy there (unless skipped); the held-out best is filled only
    /// where the rule chooses it (<see cref="Choose"/>).</summary>
    private static Row RowOf(CandidateBase b, ThresholdRule.Tried t)
    {
        if (t.Skipped is null) t.ProposeBestIoU = ThresholdProxy.Compute(b, t.Side).IoU;
        return new Row(t.Share, t.Side.Threshold, t.Side.ProposeFires, t.Skipped is not null, t.ProposeBestIoU, t.Skipped is null ? null : 0);
    }

    private static void Write<T>(string? file, T value, List<string>? warnings)
    {
        if (file is null) return;
        try { Directory.CreateDirectory(Path.GetDirectoryName(file)!); Interp.IO.DurableFile.Write(file, System.Text.Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(value))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { warnings?.Add($"could not cache the null in {file}: {e.Message}"); }
    }

    /// <summary>The null of one variant: each random side at the threshold the rule chooses from its rows' proxies; where
    /// the chosen row has no held-out best yet, all candidates are proposed there and it is filled in (in place).</summary>
    private static RandomNull Choose(Source src, List<List<Row>> rows, double? boundaryShare)
    {
        var ev = src.Base.Evidence;
        var sides = new SideTarget[rows.Count];
        var best = new double[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            int at = ThresholdRule.Pick(rows[i].Select(r => (!r.Skipped, r.ProposeBestIoU, r.ProposeFires)).ToList());
            Row? chosen = at < 0 ? null : rows[i][at];
            var first = rows[i].FirstOrDefault();
            sides[i] = new SideTarget(ev, src.Values[i / 2], i % 2 == 1, chosen?.Threshold ?? first?.Threshold ?? 0, chosen is null ? first?.Share : chosen.Share);
            if (chosen is { HeldOutBestIoU: null })
            {
                var candidates = CandidateGenerator.Propose(src.Base, sides[i], sides[i].Fires, withFormulas: true, withOthers: false);
                rows[i][at] = chosen = chosen with { HeldOutBestIoU = HeldOutBest(sides[i], candidates) };
            }
            best[i] = chosen?.HeldOutBestIoU ?? 0;
            _ = sides[i].HeldOutSums; // computed here, before the sides are shared between threads
        });
        return new RandomNull([.. sides], [.. best], boundaryShare, src);
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

    /// <summary>The cache key: the pipeline version, the evidence, the threshold rule and the families proposed from,
    /// with the models they read (<see cref="Families.ICandidateFamily.Key"/>), so that registering a family, or giving
    /// one another model, never reads a null computed without it.</summary>
    private static string Digest(CandidateBase b)
    {
        var ev = b.Evidence;
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{PipelineVersion}\n{ev.ModelId}\n{ev.CorpusHash}\n{ev.Hook}\n{ev.Table.Count}\n{string.Join(",", ThresholdRule.TopShares.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}\n{ThresholdRule.MinFires}\n{Directions}\n"
            + string.Join(",", b.Families.Families.Select(f => f.Key(b))))), 0, 16).ToLowerInvariant();
    }

    private static T? TryRead<T>(string file) where T : class
    {
        try { return File.Exists(file) ? JsonConvert.DeserializeObject<T>(File.ReadAllText(file)) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }
}
