using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Runs;

/// <summary>The evaluation harness and planted directions: work on a corpus at a hook that explains no library direction.</summary>
public static partial class ExplainRun
{
    /// <summary>The evaluation harness on <paramref name="corpus"/> (null: what an absent spec means) at <paramref name="hook"/>
    /// (null: the engine's): see <see cref="InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation"/>.</summary>
    public static InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Report Evaluate(InterpEngine engine, ICorpus? corpus, string? hook,
        IReadOnlyList<string>? concepts, IReadOnlyList<(string, string)>? mixtures, int randomDirections,
        IProgress<ScanProgress>? progress, IProgress<string>? steps, CancellationToken cancellation)
    {
        lock (engine.Evidence.Gate)
        {
            var (b, nul) = BaseAt(engine, corpus, hook, withNull: true, progress, cancellation);
            return InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Run(b, nul!, concepts, mixtures, randomDirections, steps, cancellation);
        }
    }

    /// <summary>Each concept's share of the tokens of <paramref name="corpus"/> and its frequency band (see
    /// <see cref="InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Shares"/>), without planting anything.</summary>
    public static List<InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.ConceptShare> Shares(InterpEngine engine, ICorpus? corpus, string? hook,
        IReadOnlyList<string> concepts, IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        lock (engine.Evidence.Gate)
        {
            var (b, _) = BaseAt(engine, corpus, hook, withNull: false, progress, cancellation);
            return InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Shares(b, concepts);
        }
    }

    /// <summary>A planted direction (see <see cref="InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.PlantVector"/>)
    /// for each concept, each scaled so that its concept's tokens stand one unit above the mean token on the evidence
    /// (their mean projection minus the mean of all), then summed: the vector of a direction that fires on all of them
    /// alike, so that a rare concept is not drowned by a common one.</summary>
    public static float[] Plant(InterpEngine engine, ICorpus? corpus, string? hook, IReadOnlyList<string> concepts, IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        lock (engine.Evidence.Gate)
        {
            var (b, _) = BaseAt(engine, corpus, hook, withNull: false, progress, cancellation);
            var parts = concepts.Select(c =>
            {
                var key = InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Resolve(b.Lexicon, c);
                var holds = InterpLsp.Analysis.Explain.Families.WordNetFamily.ConceptValues(b, b.ConceptKeys.IndexOf(key)).Holds!;
                return (InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.PlantVector(b, key), holds, c);
            }).ToList();
            var sum = InterpLsp.Analysis.Explain.Evaluation.ExplainEvaluation.Balanced(b, parts, cancellation);
            return sum;
        }
    }

    /// <summary>The candidate base (and, when asked, the null) of a corpus at a hook, for work that explains no
    /// library direction (the evaluation, planting); the evidence is opened through the hook's first neuron, a
    /// direction made here for that and never added to the session (it is no direction the user loaded).</summary>
    private static (CandidateBase Base, RandomNull? Null) BaseAt(InterpEngine engine, ICorpus? corpus, string? hook, bool withNull,
        IProgress<ScanProgress>? progress, CancellationToken cancellation)
    {
        var h = hook ?? engine.Selection.Hook;
        var model = engine.Model();
        var neuron = DirectionSpecParser.Load($"neuron:{h}:0", k => model.GetHook(k).Width, h) with { ModelId = engine.Selection.ModelId };
        var (_, b, nul, _, _) = Prepare(engine, neuron, corpus, progress, new List<string>(), cancellation, withNull: withNull);
        return (b, nul);
    }
}
