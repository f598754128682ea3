using InterpLsp.Model;

namespace InterpLsp.Analysis.Engine;

/// <summary>The one inference queue, as work that is not the engine's own sees it: runs <paramref name="step"/> in
/// the queue's background class until it returns true, document work first between steps
/// (<see cref="InterpEngine.RunInBackground"/>). Explanations, hypothesis tests and their scans reach the model only
/// through it, so typing is served between their steps in the server and the command line runs the same way.</summary>
public delegate Task ModelQueue(string name, Func<ILanguageModel, CancellationToken, bool> step, CancellationToken cancellation);

/// <summary>Running work on a <see cref="ModelQueue"/> from a thread that is not the queue's own.</summary>
public static class ModelQueues
{
    /// <summary>Runs <paramref name="work"/> as one step and waits for its result (an exception or a cancellation
    /// comes back as itself).</summary>
    public static T RunOnce<T>(this ModelQueue queue, string name, Func<ILanguageModel, CancellationToken, T> work, CancellationToken cancellation)
    {
        T result = default!;
        queue(name, (model, ct) => { result = work(model, ct); return true; }, cancellation).GetAwaiter().GetResult();
        return result;
    }

    /// <summary>Runs <paramref name="step"/> until it returns true and waits for that.</summary>
    public static void RunSteps(this ModelQueue queue, string name, Func<ILanguageModel, CancellationToken, bool> step, CancellationToken cancellation) =>
        queue(name, step, cancellation).GetAwaiter().GetResult();
}
