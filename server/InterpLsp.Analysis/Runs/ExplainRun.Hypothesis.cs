using System.Diagnostics;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Hypotheses;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;

namespace InterpLsp.Analysis.Runs;

/// <summary>Testing a user's hypothesis (<see cref="UserHypothesesFamily"/>) against a direction.</summary>
public static partial class ExplainRun
{
    /// <summary>Scores the user's own hypothesis (a word list, a regex or free text) against the direction at once.</summary>
    public static HypothesisResult Test(InterpEngine engine, DirectionLibrary? library, Direction direction, ICorpus? corpus,
        Hypothesis hypothesis, IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        UserHypothesesFamily.Check(hypothesis);
        lock (engine.Evidence.Gate)
        {
            var warnings = new List<string>();
            var (ev, b, nul, _, scan) = Prepare(engine, direction, corpus, progress, warnings, cancellation);
            if (scan is not null && library is not null) ScanRun.Keep(engine, library, scan);
            var values = ev.Values([direction], cancellation)[0];
            var stored = library is not null ? Stored(library, direction, out _) : null;
            var result = new HypothesisResult
            {
                Direction = direction.Name, DirectionHash = direction.Hash, Hook = ev.Hook, CorpusId = ev.CorpusId, Kind = hypothesis.Kind,
                Hypothesis = hypothesis.Value, Warnings = warnings,
            };
            var feature = UserHypothesesFamily.FeatureOf(hypothesis);
            FeatureValues? fv = feature?.Evaluate(ev.Table);
            var parts = new List<string>();
            bool natural = ThresholdRule.HasNaturalBoundary(direction.Kind);
            Explainer.CheckValues(values);
            foreach (var negative in new[] { false, true })
            {
                if (feature is null && negative) break; // the embedding scorer reads the positive side's contexts
                // The side at the threshold the explanation's rule chooses (the same choice, without the library's
                // other directions, that the null makes for each random side).
                var choice = ThresholdRule.Choose(b, values, negative, natural, withOthers: false, cancellation);
                if (choice.Chosen?.Side is not { } side) continue;
                var sideNull = nul!.ForBoundaryShare(ThresholdRule.BoundaryShare(choice));
                var field = new FieldScorer(side);
                if (feature is not null)
                {
                    var scorer = new SideScorer(side);
                    var c = new Candidate(feature, fv!, fv!.Holds ?? []);
                    var scored = CandidateScoring.Full(scorer, field, sideNull, c);
                    var (nowhere, everywhere) = scorer.Trivial();
                    int? rank = stored?.Sides.FirstOrDefault(s => s.Side == side.Side) is { } ss
                        ? 1 + ss.Candidates.Count(x => x.Scores.IoU.Value > scored.Scores.IoU.Value) : null;
                    result.Sides.Add(new HypothesisSide { Side = side.Side, Candidate = scored, FiresNowhere = nowhere, FiresEverywhere = everywhere, Rank = rank });
                    parts.Add($"{side.Side} side: {(scored.Significant ? "beats" : "does not beat")} the random-direction null (p {scored.P:F3}): "
                        + $"F1 {scored.Scores.F1}, IoU {scored.Scores.IoU} (random directions {scored.RandomDirections.F1:F2}, shuffled {scored.Shuffled.F1:F2})");
                }
                else if (!negative)
                {
                    result.Embedding = EmbeddingScorer.Score(engine.Model(), hypothesis.Value, ev.Table, field.Activating, field.NonActivating, cancellation, engine.RunInBackground);
                    parts.Add($"embedding scorer on the positive side: AUROC {result.Embedding.Auroc} (chance 0.50) on {result.Embedding.Activating} activating and {result.Embedding.NonActivating} non-activating texts");
                }
            }
            result.Verdict = parts.Count > 0 ? string.Join("; ", parts) : "the direction fires too rarely on either side to test a hypothesis";
            result.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
            return result;
        }
    }
}
