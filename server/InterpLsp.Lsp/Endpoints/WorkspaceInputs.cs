using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Scans;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>What the run endpoints (probes, scans, explanations) read from the workspace: its <c>.interp</c> folder,
/// the corpus a spec names in its context, and scan progress as work-done reports.</summary>
public static class WorkspaceInputs
{
    /// <summary>The workspace's <c>.interp</c> folder; failed when no folder is open.</summary>
    public static string InterpFolder(ServerSession session) =>
        WorkspaceLibrary.FolderOf(session) ?? throw LspErrors.Failed("open a folder first: examples, probes and scans live in its .interp/");

    /// <summary>The corpus <paramref name="spec"/> names (<see cref="CorpusResolver"/>, in the context of the workspace
    /// folder: absent is the default sample).</summary>
    public static ICorpus Corpus(ServerSession session, string? spec) =>
        LspErrors.Translate(() => CorpusResolver.Open(spec, new CorpusContext(session.RootPath)));

    /// <summary>Scan progress as work-done reports, at most one per <see cref="WorkDoneProgress.ReportEvery"/> (the first at once).</summary>
    public static IProgress<ScanProgress> Reporter(WorkDoneProgress progress) => new Throttled(progress);

    private sealed class Throttled(WorkDoneProgress progress) : IProgress<ScanProgress>
    {
        private readonly ProgressThrottle _throttle = new(WorkDoneProgress.ReportEvery, firstAtOnce: true);

        public void Report(ScanProgress p)
        {
            if (_throttle.Due())
                _ = progress.ReportAsync($"{p.Phase}: {p.Documents:N0} texts, {p.Tokens:N0} tokens, {p.TokensPerSecond:N0} tokens/s");
        }
    }
}
