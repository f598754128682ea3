using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Runs;
using InterpLsp.Analysis.Scans;
using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Lsp.Handlers;

/// <summary>The explanation commands of <c>workspace/executeCommand</c>: <c>interp.explain</c> and
/// <c>interp.testExplanation</c> read their arguments and call the one implementation the CLI calls too
/// (<see cref="ExplainRun"/>), off the LSP thread, with work-done progress (the scan it may make first reports
/// texts and tokens) and cancellable. A new explanation replaces the hover card's cached one.</summary>
public sealed class ExplainCommands(ServerSession session)
{
    private Analysis.Engine.InterpEngine Engine => session.Engine;

    public IEnumerable<CommandEndpoint> Endpoints() =>
    [
        CommandEndpoint.Of(InterpProtocol.Explain, Explain),
        CommandEndpoint.Of(InterpProtocol.TestExplanation, Test),
    ];

    private async Task<ExplanationResult> Explain(JArray args, JToken? workDoneToken, CancellationToken ct)
    {
        var d = Find(InterpProtocol.Explain, args);
        var spec = CommandArgs.Optional(args, 1);
        await using var progress = await WorkDoneProgress.BeginAsync(session, workDoneToken, "Interp: explain direction",
            $"{d.Name} on {Echo.Input(spec ?? CorpusResolver.WhenAbsent)}", ct);
        var token = progress.Cancellation;
        return await Task.Run(async () =>
        {
            var (corpus, library) = Open(spec);
            if (!Engine.ModelLoaded) await progress.ReportAsync("loading the model");
            var result = LspErrors.Translate(() => ExplainRun.Explain(Engine, library, d, corpus, Reporter(progress), token));
            session.Explanations.Put(d, result);
            return result;
        }, token);
    }

    private async Task<HypothesisResult> Test(JArray args, JToken? workDoneToken, CancellationToken ct)
    {
        var d = Find(InterpProtocol.TestExplanation, args);
        var kind = CommandArgs.Required(InterpProtocol.TestExplanation, args, 1);
        var hypothesis = Hypothesis(kind, CommandArgs.Optional(args, 2));
        await using var progress = await WorkDoneProgress.BeginAsync(session, workDoneToken, "Interp: test an explanation",
            $"{d.Name}: {Echo.Input(hypothesis.Value, 80)}", ct);
        var token = progress.Cancellation;
        return await Task.Run(() =>
        {
            var (corpus, library) = Open(null);
            return LspErrors.Translate(() => ExplainRun.Test(Engine, library, d, corpus, hypothesis, Reporter(progress), token));
        }, token);
    }

    /// <summary>The hypothesis of the arguments; a bad kind or an empty value is InvalidParams naming it.</summary>
    public static Hypothesis Hypothesis(string kind, string? value)
    {
        try { return HypothesisInput.Parse(kind, value); }
        catch (ArgumentException e) { throw LspErrors.InvalidParams($"{InterpProtocol.TestExplanation.Name}: {e.Message}"); }
    }

    private Direction Find(ICommandType command, JArray args)
    {
        var id = CommandArgs.Required(command, args, 0);
        return Engine.Directions.Find(id)
            ?? throw LspErrors.NoDirection(id);
    }

    /// <summary>The corpus <paramref name="spec"/> names (<see cref="CorpusResolver"/>, in the context of the workspace
    /// folder: absent is the default sample) and the workspace's library when there is a folder (else none: the result
    /// is not stored).</summary>
    private (ICorpus Corpus, InterpLsp.Library.DirectionLibrary? Library) Open(string? spec) => LspErrors.Translate(() =>
        (CorpusResolver.Open(spec, new CorpusContext(session.RootPath)),
         session.RootPath is null ? Engine.Library : WorkspaceLibrary.Ensure(session)));

    private static IProgress<ScanProgress> Reporter(WorkDoneProgress progress) => new Throttled(progress);

    /// <summary>Scan progress as work-done reports, at most one per <see cref="WorkDoneProgress.ReportEvery"/> (the first at once).</summary>
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
