using System.Numerics.Tensors;

namespace InterpLsp.Analysis.Explain.Modes;

/// <summary>
/// k-means on unit vectors (cosine geometry: points are centred on a reference mean, then scaled to unit
/// length; centroids are re-normalised), seeded k-means++ initialisation, at most <see cref="Iterations"/>
/// Lloyd steps; k chosen from 1..<see cref="MaxK"/> by the largest mean silhouette (cosine distance), and 1
/// unless that silhouette reaches <see cref="MinSilhouette"/>.
/// </summary>
public static class KMeans
{
    public const int MaxK = 4;
    public const int Iterations = 30;
    public const double MinSilhouette = 0.1;

    public sealed record Clustering(int K, int[] Assignment, float[][] Centroids, double Silhouette);

    public static float[][] Normalise(IReadOnlyList<float[]> rows, float[] mean)
    {
        return rows.Select(r =>
        {
            var v = new float[r.Length];
            TensorPrimitives.Subtract(r, mean, v);
            float norm = TensorPrimitives.Norm(v);
            if (norm > 0) TensorPrimitives.Divide(v, norm, v);
            return v;
        }).ToArray();
    }

    /// <summary>The best clustering of unit vectors <paramref name="x"/> by the rule above.</summary>
    public static Clustering Choose(float[][] x, int seed = 1)
    {
        int n = x.Length;
        var one = new Clustering(1, new int[n], [Mean(x, Enumerable.Range(0, n))], 0);
        if (n < 8) return one;
        var dist = new float[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                dist[i * n + j] = dist[j * n + i] = 1 - TensorPrimitives.Dot(x[i], x[j]);
        Clustering? best = null;
        for (int k = 2; k <= Math.Min(MaxK, n / 4); k++)
        {
            var c = Fit(x, k, seed);
            var s = Silhouette(dist, n, c.Assignment, k);
            if (best is null || s > best.Silhouette) best = c with { Silhouette = s };
        }
        return best is not null && best.Silhouette >= MinSilhouette ? best : one with { Silhouette = best?.Silhouette ?? 0 };
    }

    public static Clustering Fit(float[][] x, int k, int seed)
    {
        int n = x.Length;
        var rng = new Random(seed);
        var centroids = new List<float[]> { (float[])x[rng.Next(n)].Clone() };
        var d2 = new double[n];
        while (centroids.Count < k)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) { d2[i] = centroids.Min(c => Math.Max(0, 1 - TensorPrimitives.Dot(x[i], c))); d2[i] *= d2[i]; sum += d2[i]; }
            double r = rng.NextDouble() * sum;
            int pick = n - 1;
            for (int i = 0; i < n; i++) { r -= d2[i]; if (r <= 0) { pick = i; break; } }
            centroids.Add((float[])x[pick].Clone());
        }
        var assign = new int[n];
        for (int it = 0; it < Iterations; it++)
        {
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                int bestC = 0; float bestDot = float.NegativeInfinity;
                for (int c = 0; c < k; c++) { float dot = TensorPrimitives.Dot(x[i], centroids[c]); if (dot > bestDot) { bestDot = dot; bestC = c; } }
                if (assign[i] != bestC || it == 0) { changed |= assign[i] != bestC; assign[i] = bestC; }
            }
            for (int c = 0; c < k; c++)
            {
                var members = Enumerable.Range(0, n).Where(i => assign[i] == c).ToList();
                if (members.Count > 0) centroids[c] = Mean(x, members);
            }
            if (!changed && it > 0) break;
        }
        return new Clustering(k, assign, centroids.ToArray(), 0);
    }

    /// <summary>Nearest centroid of a unit vector.</summary>
    public static int Nearest(Clustering c, float[] v)
    {
        int best = 0; float bestDot = float.NegativeInfinity;
        for (int i = 0; i < c.K; i++) { float d = TensorPrimitives.Dot(v, c.Centroids[i]); if (d > bestDot) { bestDot = d; best = i; } }
        return best;
    }

    private static float[] Mean(float[][] x, IEnumerable<int> members)
    {
        var m = new float[x[0].Length];
        int count = 0;
        foreach (int i in members) { TensorPrimitives.Add(m, x[i], m); count++; }
        float norm = TensorPrimitives.Norm(m);
        if (norm > 0) TensorPrimitives.Divide(m, norm, m);
        return m;
    }

    /// <summary>Mean silhouette: for each point, (b - a) / max(a, b) with a its mean distance to its own cluster
    /// and b the smallest mean distance to another; 0 for points alone in their cluster.</summary>
    public static double Silhouette(float[] dist, int n, int[] assign, int k)
    {
        var sizes = new int[k];
        foreach (int a in assign) sizes[a]++;
        double total = 0;
        var sums = new double[k];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(sums);
            for (int j = 0; j < n; j++) if (j != i) sums[assign[j]] += dist[i * n + j];
            int own = assign[i];
            if (sizes[own] <= 1) continue;
            double a = sums[own] / (sizes[own] - 1), b = double.PositiveInfinity;
            for (int c = 0; c < k; c++) if (c != own && sizes[c] > 0) b = Math.Min(b, sums[c] / sizes[c]);
            if (double.IsInfinity(b)) continue;
            double m = Math.Max(a, b);
            total += m > 0 ? (b - a) / m : 0;
        }
        return total / n;
    }
}
