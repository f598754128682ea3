using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Scoring;

namespace InterpLsp.Analysis.Explain.Coverage;

/// <summary>
/// How much of a side's value the candidates account for together: greedy forward selection of up to
/// <see cref="MaxTerms"/> candidates into a least-squares linear predictor (with intercept) of max(side value, 0),
/// fitted on the proposing half; each step adds the candidate that raises the proposing half's R^2 most, and
/// stops when none raises it by <see cref="MinGain"/>. The held-out R^2 = 1 - SSE / SST with a bootstrap interval.
/// </summary>
public static class GreedyCoverage
{
    public const int MaxTerms = 3;
    public const double MinGain = 0.005;

    public sealed record Fit(List<Candidate> Terms, double[] Coefficients, double Intercept, double Mean);

    public static Fit? Select(SideTarget side, IReadOnlyList<Candidate> pool)
    {
        var ev = side.Evidence;
        var propose = Enumerable.Range(0, side.Table.Count).Where(t => !ev.IsHeldOut(t)).ToArray();
        double mean = propose.Length > 0 ? propose.Average(t => (double)side.Clipped[t]) : 0;
        var chosen = new List<Candidate>();
        var dense = new Dictionary<string, float[]>();
        float[] X(Candidate c) => dense.TryGetValue(c.Id, out var v) ? v : dense[c.Id] = c.Values.ToDense();
        double bestR2 = 0;
        (double[] Beta, double B0)? bestFit = null;
        for (int step = 0; step < MaxTerms; step++)
        {
            Candidate? pick = null; double pickR2 = bestR2; (double[], double)? pickFit = null;
            foreach (var c in pool)
            {
                if (chosen.Contains(c)) continue;
                var cols = chosen.Append(c).Select(X).ToList();
                var fit = Ols(cols, side.Clipped, propose);
                if (fit is null) continue;
                double r2 = R2(cols, fit.Value.Beta, fit.Value.B0, side.Clipped, propose);
                if (r2 > pickR2 + MinGain) { pick = c; pickR2 = r2; pickFit = fit; }
            }
            if (pick is null) break;
            chosen.Add(pick); bestR2 = pickR2; bestFit = pickFit;
        }
        if (bestFit is null) return null;
        return new Fit(chosen, bestFit.Value.Beta, bestFit.Value.B0, mean);
    }

    /// <summary>Held-out R^2 with a bootstrap interval over held-out texts.</summary>
    public static Results.Score HeldOut(SideTarget side, Fit fit)
    {
        var table = side.Table;
        var cols = fit.Terms.Select(c => c.Values.ToDense()).ToList();
        int h = 0;
        var index = new int[table.Documents];
        for (int d = 0; d < table.Documents; d++) index[d] = side.Evidence.HeldOutDoc[d] ? h++ : -1;
        var sse = new double[h]; var sy = new double[h]; var syy = new double[h]; var n = new double[h];
        for (int t = 0; t < table.Count; t++)
        {
            int d = index[table.Doc[t]];
            if (d < 0) continue;
            double y = side.Clipped[t], p = Predict(cols, fit.Coefficients, fit.Intercept, t);
            sse[d] += (y - p) * (y - p); sy[d] += y; syy[d] += y * y; n[d]++;
        }
        double Stat(ReadOnlySpan<int> m)
        {
            double e = 0, s = 0, ss = 0, c = 0;
            for (int d = 0; d < h; d++) { double w = m.IsEmpty ? 1 : m[d]; if (w == 0) continue; e += w * sse[d]; s += w * sy[d]; ss += w * syy[d]; c += w * n[d]; }
            double sst = ss - s * s / Math.Max(1, c);
            return sst > 0 ? 1 - e / sst : 0;
        }
        var boot = new DocumentBootstrap(Math.Max(1, h), SideScorer.Replicates, SideScorer.Seed);
        var (lo, hi) = boot.Interval(m => Stat(m));
        return new Results.Score(Stat(ReadOnlySpan<int>.Empty), lo, hi, side.HeldOutTokens);
    }

    public static double Predict(IReadOnlyList<float[]> cols, double[] beta, double b0, int t)
    {
        double p = b0;
        for (int j = 0; j < cols.Count; j++) p += beta[j] * cols[j][t];
        return p;
    }

    private static double R2(List<float[]> cols, double[] beta, double b0, float[] y, int[] rows)
    {
        double sse = 0, s = 0, ss = 0;
        foreach (int t in rows) { double r = y[t] - Predict(cols, beta, b0, t); sse += r * r; s += y[t]; ss += (double)y[t] * y[t]; }
        double sst = ss - s * s / Math.Max(1, rows.Length);
        return sst > 0 ? 1 - sse / sst : 0;
    }

    /// <summary>Least squares with intercept by the normal equations (columns centred), Gaussian elimination with
    /// partial pivoting; null when the columns are collinear.</summary>
    public static (double[] Beta, double B0)? Ols(List<float[]> cols, float[] y, int[] rows)
    {
        int p = cols.Count;
        var mx = new double[p]; double my = 0;
        foreach (int t in rows) { my += y[t]; for (int j = 0; j < p; j++) mx[j] += cols[j][t]; }
        int n = Math.Max(1, rows.Length);
        my /= n; for (int j = 0; j < p; j++) mx[j] /= n;
        var a = new double[p, p + 1];
        foreach (int t in rows)
            for (int i = 0; i < p; i++)
            {
                double xi = cols[i][t] - mx[i];
                for (int j = 0; j < p; j++) a[i, j] += xi * (cols[j][t] - mx[j]);
                a[i, p] += xi * (y[t] - my);
            }
        for (int c = 0; c < p; c++)
        {
            int piv = c;
            for (int r = c + 1; r < p; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
            if (Math.Abs(a[piv, c]) < 1e-9 * Math.Max(1, n)) return null;
            for (int k = 0; k <= p; k++) (a[c, k], a[piv, k]) = (a[piv, k], a[c, k]);
            for (int r = 0; r < p; r++)
            {
                if (r == c) continue;
                double f = a[r, c] / a[c, c];
                for (int k = c; k <= p; k++) a[r, k] -= f * a[c, k];
            }
        }
        var beta = new double[p];
        double b0 = my;
        for (int j = 0; j < p; j++) { beta[j] = a[j, p] / a[j, j]; b0 -= beta[j] * mx[j]; }
        return (beta, b0);
    }
}
