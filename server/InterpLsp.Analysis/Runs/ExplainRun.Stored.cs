using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;

namespace InterpLsp.Analysis.Runs;

/// <summary>Stored explanations read back: the latest of a direction, and the share of a token's value it leaves unexplained (the hover card).</summary>
public static partial class ExplainRun
{
    /// <summary>The latest stored explanation of a direction (by its content hash); null when none, or when it
    /// cannot be read (the reason goes to <paramref name="problem"/>).</summary>
    public static ExplanationResult? Stored(DirectionLibrary library, Direction direction, out string? problem)
    {
        problem = null;
        var stored = library.LatestExplanation(direction.Hash);
        if (stored is null) return null;
        try
        {
            return ExplanationResult.FromJson(stored.ResultJson, $"explanation {stored.Id} in {library.DatabasePath}");
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Per token of <paramref name="table"/> (one document), the share of its value that the stored
    /// explanation's linear predictor does NOT account for, in [0, 1], on the side the token's value is on;
    /// NaN where the side has no coverage, the token is at or below the side's mean, or a term cannot be
    /// computed on this text (another direction's values; n-gram features before the corpus's evidence was loaded).</summary>
    public static double[] UnexplainedShares(InterpEngine engine, ExplanationResult explanation, TokenTable table, ReadOnlySpan<float> values)
    {
        var shares = new double[table.Count];
        Array.Fill(shares, double.NaN);
        foreach (var side in explanation.Sides)
        {
            if (side.Coverage is not { Terms.Count: > 0 } cov) continue;
            bool negative = side.Side == "negative";
            var cols = new List<float[]>();
            foreach (var id in cov.Terms)
            {
                var f = FeatureResolver.TryParse(id, engine.Evidence.BaseForCorpus(explanation.CorpusHash));
                if (f is null) { cols.Clear(); break; }
                try { cols.Add(f.Evaluate(table).ToDense()); }
                catch (NotSupportedException) { cols.Clear(); break; }
            }
            if (cols.Count != cov.Terms.Count) continue;
            for (int t = 0; t < table.Count; t++)
            {
                double y = negative ? -values[t] : values[t];
                if (y <= 0 || y <= cov.Mean) continue;
                double p = InterpLsp.Analysis.Explain.Coverage.GreedyCoverage.Predict(cols, [.. cov.Coefficients], cov.Intercept, t);
                shares[t] = 1 - Math.Clamp((p - cov.Mean) / (y - cov.Mean), 0, 1);
            }
        }
        return shares;
    }
}
