using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Pipeline;

/// <summary>
/// The null: <see cref="Directions"/> random directions at the same hook (unit vectors with independent normal
/// components, seeds 1001…), both sides of each, run through the same proposal and held-out scoring as the
/// direction explained (without the library's other directions). Each random side's best held-out IoU is what a
/// direction with no meaning gets from the candidates tried; a candidate is significant when it beats nearly all
/// of them. The best IoUs are cached per model, corpus, hook, pipeline version and registered families, since they
/// depend on nothing else; the random sides themselves (needed for each candidate's random-direction baseline) are
/// recomputed.
/// </summary>
public sealed class RandomNull
{
    public const int Directions = 20;
    public const int FirstSeed = 1001;
    /// <summary>Changes whenever the candidates or the scoring change, so a cached null is never stale.</summary>
    public const string PipelineVersion = "explain-4";

    private RandomNull(List<SideTarget> sides, List<double> best) { Sides = sides; BestIoU = best; }

    public IReadOnlyList<SideTarget> Sides { get; }
    public IReadOnlyList<double> BestIoU { get; }

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

    public static RandomNull Build(CandidateBase b, double quantile, string? cacheDirectory, List<string> warnings, CancellationToken cancellation)
    {
        var ev = b.Evidence;
        var values = ev.Projections(Vectors(ev.Width), cancellation);
        var sides = new SideTarget[2 * values.Length];
        Parallel.For(0, sides.Length, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            sides[i] = new SideTarget(ev, values[i / 2], i % 2 == 1, quantile);
            _ = sides[i].HeldOutSums; // computed here, before the sides are shared between threads
        });
        string? file = cacheDirectory is null ? null : Path.Combine(cacheDirectory, Digest(b, quantile) + ".json");
        if (file is not null && TryRead(file) is { Count: var n } cached && n == sides.Length) return new RandomNull([.. sides], cached);
        var bests = new double[sides.Length];
        Parallel.For(0, sides.Length, new ParallelOptions { CancellationToken = cancellation }, i => bests[i] = BestOf(b, sides[i]));
        var best = bests.ToList();
        if (file is not null)
        {
            try { Directory.CreateDirectory(cacheDirectory!); Interp.IO.DurableFile.Write(file, System.Text.Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(best))); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { warnings.Add($"could not cache the null in {file}: {e.Message}"); }
        }
        return new RandomNull([.. sides], best);
    }

    /// <summary>The best held-out IoU among the candidates proposed for <paramref name="side"/>.</summary>
    public static double BestOf(CandidateBase b, SideTarget side)
    {
        if (side.ProposeFires == 0 || side.HeldOutFires == 0) return 0;
        var scorer = new SideScorer(side);
        double best = 0;
        foreach (var c in CandidateGenerator.Propose(b, side, side.Fires, withFormulas: true, withOthers: false))
            best = Math.Max(best, scorer.QuickIoU(c.Set, out _, out _));
        return best;
    }

    /// <summary>The cache key: the pipeline version, the evidence, the quantile and the families proposed from, with the
    /// models they read (<see cref="Families.ICandidateFamily.Key"/>), so that registering a family, or giving one
    /// another model, never reads a null computed without it.</summary>
    private static string Digest(CandidateBase b, double quantile) => Digest(b.Evidence, quantile, b.Families.Families.Select(f => f.Key(b)));

    private static string Digest(ExplainEvidence ev, double quantile, IEnumerable<string> families) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{PipelineVersion}\n{ev.ModelId}\n{ev.CorpusHash}\n{ev.Hook}\n{ev.Table.Count}\n{quantile:R}\n{Directions}\n"
            + string.Join(",", families))), 0, 16).ToLowerInvariant();

    private static List<double>? TryRead(string file)
    {
        try { return File.Exists(file) ? JsonConvert.DeserializeObject<List<double>>(File.ReadAllText(file)) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }
}
