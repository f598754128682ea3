using System.Numerics.Tensors;
using static TorchSharp.torch;

namespace InterpLsp.Analysis.Probes;

/// <summary>L2-regularised logistic regression, with its strength chosen by cross-validation.
/// Features are standardised with the training rows' mean and standard deviation (a feature with deviation under
/// 1e-6 is left unscaled), then Σ logloss(y, x.w + b) + |w|²/(2C) is minimised (the intercept b unpenalised; C as
/// in scikit-learn) by Newton's method with a backtracking line search, in float64 (TorchSharp). C is chosen from
/// <see cref="Grid"/> by the mean held-out log-loss of <see cref="Folds"/>-fold stratified cross-validation on the
/// training rows (fewer folds when a class has fewer groups; ties go to the smaller C, the stronger penalty), fitted
/// from the strongest penalty to the weakest with warm starts. Newton's Hessian is formed in float32 (the step only). The result is mapped back to raw hidden states, so
/// its value is the logit and its intercept the bias.</summary>
public static class LogisticFit
{
    public static readonly double[] Grid = { 1e-3, 1e-2, 1e-1, 1, 10, 100 };
    public const int Folds = 5;
    public const int MaxIterations = 50;

    /// <summary>Newton stops when half the Newton decrement is under this times max(1, |objective|): looser for the
    /// cross-validation fits (they only rank the grid), tight for the final fit.</summary>
    public const double CvTolerance = 1e-6, FinalTolerance = 1e-10;

    /// <summary>Newton iterations run by this process so far (for the benchmark's account of where time goes).</summary>
    public static long IterationsRun;

    /// <param name="c">A fixed C (no cross-validation), e.g. the one chosen for the real labels when fitting the shuffled-label control.</param>
    public static LinearProbe Fit(FeatureMatrix train, int seed, CancellationToken ct = default, double? c = null)
    {
        int d = train.Width;
        var (mean, std) = Standardisation(train);
        var all = Design(train, mean, std);
        var y = train.Labels.Select(l => (double)l).ToArray();

        int minority = StratifiedSplit.Strata(train).Min(s => s.Count);
        int k = Math.Min(Folds, minority);
        double bestC = c ?? Grid[^1];
        if (c is null && k >= 2)
        {
            var folds = StratifiedSplit.Folds(train, k, seed);
            var loss = new double[Grid.Length];
            for (int f = 0; f < k; f++)
            {
                var fit = Problem.Rows(all, y, Enumerable.Range(0, k).Where(g => g != f).SelectMany(g => folds[g]).ToArray());
                var held = Problem.Rows(all, y, folds[f]);
                double[]? w = null;
                for (int g = 0; g < Grid.Length; g++)
                {
                    ct.ThrowIfCancellationRequested();
                    w = Newton(fit, 1 / Grid[g], w, ct, CvTolerance);
                    loss[g] += held.LogLoss(w) / folds[f].Length / k;
                }
            }
            int best = 0;
            for (int g = 1; g < Grid.Length; g++) if (loss[g] < loss[best] - 1e-12) best = g;
            bestC = Grid[best];
        }
        var wFull = Newton(all, 1 / bestC, null, ct, FinalTolerance);
        var weights = new float[d];
        double bias = wFull[d];
        for (int j = 0; j < d; j++)
        {
            weights[j] = (float)(wFull[j] / std[j]);
            bias -= wFull[j] * mean[j] / std[j];
        }
        return new LinearProbe(weights, (float)bias, bestC);
    }

    private static (double[] Mean, double[] Std) Standardisation(FeatureMatrix m)
    {
        int d = m.Width;
        var mean = new double[d];
        var sq = new double[d];
        for (int i = 0; i < m.Rows; i++)
        {
            var r = m.Row(i);
            for (int j = 0; j < d; j++) mean[j] += r[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= m.Rows;
        for (int i = 0; i < m.Rows; i++)
        {
            var r = m.Row(i);
            for (int j = 0; j < d; j++) { double c = r[j] - mean[j]; sq[j] += c * c; }
        }
        var std = sq.Select(s => Math.Sqrt(s / m.Rows)).Select(s => s < 1e-6 ? 1 : s).ToArray();
        return (mean, std);
    }

    /// <summary>Standardised features with a last column of ones, and the labels.</summary>
    private static Problem Design(FeatureMatrix m, double[] mean, double[] std)
    {
        int d = m.Width, w = d + 1;
        var a = new double[m.Rows * w];
        for (int i = 0; i < m.Rows; i++)
        {
            var r = m.Row(i);
            for (int j = 0; j < d; j++) a[i * w + j] = (r[j] - mean[j]) / std[j];
            a[i * w + d] = 1;
        }
        return new Problem(a, m.Labels.Select(l => (double)l).ToArray(), m.Rows, w);
    }

    /// <summary>Rows [n x Width] (row-major, float64) and their 0/1 labels.</summary>
    private sealed record Problem(double[] X, double[] Y, int N, int Width)
    {
        public ReadOnlySpan<double> Row(int i) => X.AsSpan(i * Width, Width);

        public static Problem Rows(Problem all, double[] y, int[] rows)
        {
            var x = new double[rows.Length * all.Width];
            for (int k = 0; k < rows.Length; k++) all.Row(rows[k]).CopyTo(x.AsSpan(k * all.Width, all.Width));
            return new Problem(x, rows.Select(r => y[r]).ToArray(), rows.Length, all.Width);
        }

        public double[] Logits(double[] w)
        {
            var z = new double[N];
            for (int i = 0; i < N; i++) z[i] = TensorPrimitives.Dot(Row(i), w);
            return z;
        }

        /// <summary>Σ log(1 + e^z) − y z, computed without overflow.</summary>
        public double LogLoss(double[] w)
        {
            var z = Logits(w);
            double sum = 0;
            for (int i = 0; i < N; i++) sum += Math.Max(z[i], 0) + Math.Log(1 + Math.Exp(-Math.Abs(z[i]))) - Y[i] * z[i];
            return sum;
        }
    }

    /// <summary>Minimises Σ logloss + (λ/2)|w[..d]|² from <paramref name="start"/> (zeros when null). Vectors are
    /// plain float64 arrays; only the Hessian X^T S X (formed in float32: it only steers the step) and its solve run in
    /// TorchSharp, a handful of calls per iteration, each inside a dispose scope.</summary>
    private static double[] Newton(Problem p, double lambda, double[]? start, CancellationToken ct, double tolerance)
    {
        int w = p.Width, d = w - 1;
        var theta = start?.ToArray() ?? new double[w];
        double Objective(double[] v)
        {
            double pen = 0;
            for (int j = 0; j < d; j++) pen += v[j] * v[j];
            return p.LogLoss(v) + 0.5 * lambda * pen;
        }
        double f = Objective(theta);
        var scaled = new float[p.N * w];
        for (int it = 0; it < MaxIterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            Interlocked.Increment(ref IterationsRun);
            var z = p.Logits(theta);
            var g = new double[w];
            for (int i = 0; i < p.N; i++)
            {
                double prob = 1 / (1 + Math.Exp(-z[i]));
                double r = prob - p.Y[i];
                float sq = (float)Math.Sqrt(prob * (1 - prob));
                var row = p.Row(i);
                for (int j = 0; j < w; j++)
                {
                    g[j] += r * row[j];
                    scaled[i * w + j] = sq * (float)row[j];
                }
            }
            for (int j = 0; j < d; j++) g[j] += lambda * theta[j];
            var step = Solve(scaled, p.N, w, lambda, g);
            double decrement = TensorPrimitives.Dot(g, step);
            if (decrement / 2 < tolerance * Math.Max(1, Math.Abs(f))) break;
            double t = 1, fNext;
            var next = new double[w];
            while (true)
            {
                for (int j = 0; j < w; j++) next[j] = theta[j] - t * step[j];
                fNext = Objective(next);
                if (fNext <= f - 1e-4 * t * decrement || t < 1e-6) break;
                t /= 2;
            }
            if (fNext > f) break;
            theta = next;
            f = fNext;
        }
        return theta;
    }

    /// <summary>(AᵀA + λ diag(1..1, 0) + 1e-9 I)⁻¹ g for A = [n x w] float32 (rows √s_i x_i).</summary>
    private static double[] Solve(float[] a, int n, int w, double lambda, double[] g)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var at = tensor(a, new long[] { n, w });
        var h = at.t().mm(at).to_type(ScalarType.Float64);
        var penalty = full(w, lambda + 1e-9, ScalarType.Float64);
        penalty[w - 1] = 1e-9;
        h.diagonal().add_(penalty);
        return linalg.solve(h, tensor(g)).data<double>().ToArray();
    }
}
