using TorchSharp;
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

    /// <summary>Newton iterations run by this process so far (for the benchmark's account of where time goes).</summary>
    public static long IterationsRun;

    /// <param name="c">A fixed C (no cross-validation), e.g. the one chosen for the real labels when fitting the shuffled-label control.</param>
    public static LinearProbe Fit(FeatureMatrix train, int seed, CancellationToken ct = default, double? c = null)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        int d = train.Width;
        var (mean, std) = Standardisation(train);
        var x = Design(train, mean, std);
        var y = tensor(train.Labels.Select(l => (double)l).ToArray());

        int minority = StratifiedSplit.Strata(train).Min(s => s.Count);
        int k = Math.Min(Folds, minority);
        double bestC = c ?? Grid[^1];
        if (c is null && k >= 2)
        {
            var folds = StratifiedSplit.Folds(train, k, seed);
            var loss = new double[Grid.Length];
            for (int f = 0; f < k; f++)
            {
                var testIdx = tensor(folds[f].Select(i => (long)i).ToArray());
                var trainIdx = tensor(Enumerable.Range(0, k).Where(g => g != f).SelectMany(g => folds[g]).Select(i => (long)i).ToArray());
                var xt = x.index_select(0, trainIdx); var yt = y.index_select(0, trainIdx);
                var xv = x.index_select(0, testIdx); var yv = y.index_select(0, testIdx);
                Tensor? w = null;
                var xt32 = xt.to_type(ScalarType.Float32);
                for (int g = 0; g < Grid.Length; g++)
                {
                    ct.ThrowIfCancellationRequested();
                    w = Newton(xt, xt32, yt, 1 / Grid[g], w, d, ct);
                    loss[g] += LogLoss(xv.mv(w), yv) / folds[f].Length / k;
                }
            }
            int best = 0;
            for (int g = 1; g < Grid.Length; g++) if (loss[g] < loss[best] - 1e-12) best = g;
            bestC = Grid[best];
        }
        var wFull = Newton(x, x.to_type(ScalarType.Float32), y, 1 / bestC, null, d, ct).data<double>().ToArray();
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

    /// <summary>[rows x (width + 1)] standardised features with a last column of ones.</summary>
    private static Tensor Design(FeatureMatrix m, double[] mean, double[] std)
    {
        int d = m.Width;
        var a = new double[m.Rows * (d + 1)];
        for (int i = 0; i < m.Rows; i++)
        {
            var r = m.Row(i);
            for (int j = 0; j < d; j++) a[i * (d + 1) + j] = (r[j] - mean[j]) / std[j];
            a[i * (d + 1) + d] = 1;
        }
        return tensor(a, new long[] { m.Rows, d + 1 });
    }

    private static double LogLoss(Tensor z, Tensor y) => (Softplus(z) - y * z).sum().item<double>();

    /// <summary>log(1 + e^z), computed without overflow.</summary>
    private static Tensor Softplus(Tensor z) => z.relu() + (-z.abs()).exp().log1p();

    /// <summary>Minimises Σ logloss + (λ/2)|w[..d]|² from <paramref name="start"/> (zeros when null). The returned
    /// tensor belongs to the caller's dispose scope. The Hessian X^T S X is formed in float32 from <paramref name="x32"/>
    /// (it only steers the step; the gradient, objective and line search are float64).</summary>
    private static Tensor Newton(Tensor x, Tensor x32, Tensor y, double lambda, Tensor? start, int d, CancellationToken ct)
    {
        var penalty = full(d + 1, lambda, ScalarType.Float64);
        penalty[d] = 0;
        var w = start?.clone() ?? zeros(d + 1, ScalarType.Float64);
        double Objective(Tensor v) => LogLoss(x.mv(v), y) + 0.5 * (penalty * v * v).sum().item<double>();
        double f = Objective(w);
        for (int it = 0; it < MaxIterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            Interlocked.Increment(ref IterationsRun);
            using var inner = NewDisposeScope();
            var p = x.mv(w).sigmoid();
            var g = x.t().mv(p - y) + penalty * w;
            var s = p * (1 - p);
            var h = (x32.t() * s.to_type(ScalarType.Float32)).mm(x32).to_type(ScalarType.Float64) + diag(penalty + 1e-9);
            var step = linalg.solve(h, g);
            double decrement = g.dot(step).item<double>();
            if (decrement / 2 < 1e-10 * Math.Max(1, Math.Abs(f))) break;
            double t = 1;
            Tensor next;
            double fNext;
            while (true)
            {
                next = w - t * step;
                fNext = Objective(next);
                if (fNext <= f - 1e-4 * t * decrement || t < 1e-6) break;
                t /= 2;
            }
            if (fNext > f) break;
            w = next.MoveToOuterDisposeScope();
            f = fNext;
        }
        return w;
    }
}
