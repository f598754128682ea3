using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Runs;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/scanCorpus: scans a corpus for a direction in the engine's background class, one bounded step at
/// a time (typing is served between two steps), and stores the result in the library (<see cref="ScanRun"/>, as
/// the CLI does).</summary>
public sealed class ScanCorpusEndpoint(ServerSession session) : Endpoint<CorpusParams, ScanSummary>(session, InterpProtocol.ScanCorpus)
{
    protected override async Task<ScanSummary> HandleAsync(CorpusParams p, CancellationToken ct)
    {
        var d = Direction(p.Id);
        var spec = Optional(p.Corpus, "corpus");
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: scan corpus", $"{d.Name} on {Echo.Input(spec ?? CorpusResolver.WhenAbsent)}", ct);
        var token = progress.Cancellation;
        return await Task.Run(async () =>
        {
            var corpus = WorkspaceInputs.Corpus(Session, spec);
            var library = LspErrors.Translate(() => WorkspaceLibrary.Ensure(Session));
            if (!Engine.ModelLoaded) await progress.ReportAsync("loading the model");
            var model = LspErrors.Translate(() => Engine.Model());
            var options = new ScanOptions { CheckpointDirectory = CacheDirectory.Scans(), Store = ActivationStore.Default() };
            using var scanner = LspErrors.Translate(() => new CorpusScanner(model, corpus, [d], options));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var throttle = new ProgressThrottle(WorkDoneProgress.ReportEvery, firstAtOnce: false);
            bool forward = false;
            await Engine.RunInBackground($"scan {d.Name}", (_model, stepToken) =>
            {
                bool done = LspErrors.Translate(() => scanner.Step(stepToken));
                var s = scanner.Progress;
                forward |= s.Phase == "forward";
                if (throttle.Due() || done)
                    _ = progress.ReportAsync($"{s.Documents:N0} texts, {s.Tokens:N0} tokens, {s.TokensPerSecond:N0} tokens/s");
                return done;
            }, token);
            var result = scanner.Result;
            LspErrors.Translate(() => ScanRun.Keep(Engine, library, result));
            return new ScanSummary
            {
                Direction = d.Name, Corpus = result.CorpusId, Documents = result.Documents, Tokens = result.Tokens,
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2), FromStore = !forward,
                Warnings = result.Warnings.Concat(scanner.Warnings).Distinct().Take(20).ToList(),
            };
        }, token);
    }
}
