using InterpLsp.Interp.Directions;
using InterpLsp.Model;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Probes;

/// <summary>Trains a probe from examples: the one implementation behind the CLI's <c>probe train</c> and the LSP.
/// Hidden states come from the model (<see cref="ProbeFeatures"/>); the rows are split (seeded, stratified,
/// <see cref="ProbeOptions.TestFraction"/> held out); the method is fitted on the training rows and scored on the
/// held-out rows; the same method fitted on shuffled training labels (seed + 1; logistic with the C chosen for the real
/// labels) gives the selectivity control.</summary>
public static class ProbeTrainer
{
    public static TrainedProbe Train(ILanguageModel model, ProbeDataset data, ProbeOptions options,
        IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Name)) throw new ArgumentException("a probe needs a name");
        model.GetHook(options.Hook);
        progress?.Report($"hidden states of {data.Examples.Count} examples at {options.Hook}");
        var features = ProbeFeatures.Extract(model, data, options.Hook, options.Pooling, progress, ct);
        progress?.Report($"fitting {ProbeMethods.Name(options.Method)} on {features.Rows} rows");
        long iterations = LogisticFit.IterationsRun;
        var (probe, report) = Fit(features, data.Origin, data.Hash, data.IsTokenLevel, options, options.ModelId ?? model.Info.Name, ct);
        if (options.Method == ProbeMethod.Logistic) progress?.Report($"fitted ({LogisticFit.IterationsRun - iterations} Newton iterations)");
        var direction = new Direction(options.Name, options.Name, options.Hook, probe.Weights, DirectionKind.Probe, probe.Bias, 1, data.Origin)
        {
            ModelId = options.ModelId ?? model.Info.Name,
        };
        return new TrainedProbe(direction, report);
    }

    /// <summary>Split, fit, score and control on a feature matrix (no model involved).</summary>
    public static (LinearProbe Probe, ProbeReport Report) Fit(FeatureMatrix features, string dataName, string dataHash, bool tokenLevel,
        ProbeOptions options, string modelId, CancellationToken ct)
    {
        var warnings = new List<string>();
        Distinguishable(features, dataName, options);
        if (features.DuplicateRows > 0)
            warnings.Add($"{features.DuplicateRows} duplicate row{(features.DuplicateRows == 1 ? "" : "s")} (a text already in the data; " +
                $"{features.Groups.Distinct().Count()} distinct texts): every copy of a text stays on one side of the held-out split, " +
                "and the scores count distinct texts as examples");
        // A held-out split needs two examples of each class (one to train on, one to score); with fewer (two editor
        // selections) the probe is fitted on everything (a group is one text; token-level texts all count as positive groups) and has no held-out scores (NaN), and says so.
        int fewest = StratifiedSplit.Strata(features).Where(g => g.Count > 0).Min(g => g.Count);
        bool heldOut = fewest >= 2;
        FeatureMatrix train, test;
        if (heldOut)
        {
            var (trainRows, testRows) = StratifiedSplit.Holdout(features, options.TestFraction, options.Seed);
            train = features.Subset(trainRows);
            test = features.Subset(testRows);
            foreach (var (part, m) in new[] { ("training", train), ("held-out", test) })
                if (m.Rows == 0 || m.Labels.All(l => l == m.Labels[0]))
                    throw new ArgumentException($"{Echo.Origin(dataName)}: the {part} split has only one class ({m.Rows} rows); add examples of each class");
        }
        else
        {
            train = features;
            test = features.Subset(Array.Empty<int>());
            warnings.Add($"too few examples for a held-out split ({fewest} distinct text{(fewest == 1 ? "" : "s")} in the smaller class; 2 of each are needed): " +
                "the probe is fitted on all of them and has no held-out scores (null: held-out evaluation is impossible); add examples with other texts to get them");
        }

        if (options.Method == ProbeMethod.Logistic && fewest < LogisticFit.Folds)
            warnings.Add($"logistic regression on {fewest} example{(fewest == 1 ? "" : "s")} of the smaller class is ill-posed (its features are " +
                $"standardised by a spread estimated from too few texts, and the L2 strength cannot be cross-validated with fewer than {LogisticFit.Folds}): " +
                "mass-mean is the sounder method for a handful of examples");
        var probe = ProbeFitter.Fit(options.Method, train, options.Seed, ct);
        var values = probe.Values(test);
        ct.ThrowIfCancellationRequested();
        double accuracy = double.NaN, controlAccuracy = double.NaN;
        if (heldOut)
        {
            var control = ProbeFitter.Fit(options.Method, train.Subset(Enumerable.Range(0, train.Rows).ToList(), Shuffled(train.Labels, options.Seed + 1)), options.Seed, ct, probe.L2C);
            accuracy = ProbeMetrics.Accuracy(values, test.Labels);
            controlAccuracy = ProbeMetrics.Accuracy(control.Values(test), test.Labels);
        }

        int pos = features.Labels.Count(l => l == 1), neg = features.Rows - pos;
        if (Math.Min(pos, neg) < ProbeReport.SmallClassFloor)
            warnings.Add($"small data: {Math.Min(pos, neg)} {(pos < neg ? "positive" : "negative")} rows, under the floor of {ProbeReport.SmallClassFloor} per class; the scores are noisy");
        double share = Math.Max(pos, neg) / (double)features.Rows;
        if (share > ProbeReport.DominantShare)
            warnings.Add($"one class dominates: {share:P0} of the rows are {(pos > neg ? "positive" : "negative")} (over {ProbeReport.DominantShare:P0}); accuracy is flattered, read AUROC and F1");

        var report = new ProbeReport
        {
            Accuracy = accuracy,
            Auroc = heldOut ? ProbeMetrics.Auroc(values, test.Labels) : double.NaN,
            F1 = heldOut ? ProbeMetrics.F1(values, test.Labels) : double.NaN,
            Selectivity = accuracy - controlAccuracy,
            ControlAccuracy = controlAccuracy,
            TrainAccuracy = ProbeMetrics.Accuracy(probe.Values(train), train.Labels),
            NTrain = train.Rows,
            NTest = test.Rows,
            NTrainPositive = train.Labels.Count(l => l == 1),
            NTrainNegative = train.Labels.Count(l => l == 0),
            NTestPositive = test.Labels.Count(l => l == 1),
            NTestNegative = test.Labels.Count(l => l == 0),
            NExamples = features.Groups.Distinct().Count(),
            Method = ProbeMethods.Name(options.Method),
            Pooling = tokenLevel ? "token" : ProbeMethods.PoolingName(options.Pooling),
            Level = tokenLevel ? "token" : "sentence",
            Hook = options.Hook,
            Model = modelId,
            L2C = probe.L2C,
            L2Grid = options.Method == ProbeMethod.Logistic ? LogisticFit.Grid : null,
            TestFraction = options.TestFraction,
            Seed = options.Seed,
            NDuplicateRows = features.DuplicateRows,
            DataHash = dataHash,
            Data = dataName,
            Bias = options.Method == ProbeMethod.Logistic
                ? "the logistic intercept (0 = probability 0.5)"
                : "minus the midpoint of the two classes' mean projections on the training rows",
            Warnings = warnings,
        };
        return (probe, report);
    }

    /// <summary>Refuses, before any method runs, features whose two classes cannot be told apart: the positive and
    /// the negative rows have the same mean state (to a relative 1e-5), as when every text appears under both labels.
    /// Logistic regression would return a zero vector and pca-diff an arbitrary one; mass-mean has no direction.</summary>
    private static void Distinguishable(FeatureMatrix features, string dataName, ProbeOptions options)
    {
        var (pos, neg) = MassMeanFit.ClassMeans(features);
        double diff = 0, scale = 0;
        for (int j = 0; j < pos.Length; j++)
        {
            diff = Math.Max(diff, Math.Abs(pos[j] - neg[j]));
            scale = Math.Max(scale, Math.Max(Math.Abs(pos[j]), Math.Abs(neg[j])));
        }
        if (diff <= 1e-5 * Math.Max(scale, 1e-12))
            throw new ArgumentException($"{Echo.Origin(dataName)}: the two classes cannot be told apart: the positive and the negative rows have " +
                $"the same mean hidden state at {options.Hook} (largest difference {diff:G3}), so {ProbeMethods.Name(options.Method)} has no direction " +
                "to find (the same texts under both labels?); nothing was stored");
    }

    private static int[] Shuffled(int[] labels, int seed)
    {
        var a = labels.ToArray();
        var rng = new Random(seed);
        for (int i = a.Length - 1; i > 0; i--) { int j = rng.Next(i + 1); (a[i], a[j]) = (a[j], a[i]); }
        return a;
    }
}
