using InterpLsp.Model;

namespace InterpLsp.Analysis.Scheduling;

/// <summary>
/// Long work (a corpus scan) run in the scheduler's background class as a series of short steps: between two
/// steps the worker serves any document work that arrived, so a scan never delays typing by more than one
/// step. <paramref name="Step"/> returns true when the job is done.
/// </summary>
public sealed class BackgroundJob(string name, Func<ILanguageModel, CancellationToken, bool> step, CancellationToken cancellation)
{
    public string Name { get; } = name;
    public Func<ILanguageModel, CancellationToken, bool> Step { get; } = step;
    public CancellationToken Cancellation { get; } = cancellation;
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
