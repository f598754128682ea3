using InterpLsp.Analysis.Probes;
using InterpLsp.Analysis.Runs;
using InterpLsp.Analysis.Workspace;
using InterpLsp.Interp.IO;
using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using TrainedProbe = InterpLsp.Lsp.Protocol.TrainedProbe;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/trainProbe: trains a probe from the workspace's example set at the selected hook (the one
/// implementation the CLI calls, <see cref="ProbeRun"/>, on the engine's inference queue), stores it in the library
/// and makes it active.</summary>
public sealed class TrainProbeEndpoint(ServerSession session) : Endpoint<TrainProbeParams, TrainedProbe>(session, InterpProtocol.TrainProbe)
{
    protected override async Task<TrainedProbe> HandleAsync(TrainProbeParams p, CancellationToken ct)
    {
        var method = Optional(p.Method, "method") ?? "logistic";
        var name = Optional(p.Name, "name") ?? "probe";
        var probeMethod = LspErrors.Translate(() => ProbeMethods.Parse(method));
        var set = new ExampleSet(WorkspaceInputs.InterpFolder(Session));
        if (!File.Exists(set.Path) && !Directory.Exists(set.Path) && !IsLink(set.Path))
            throw LspErrors.Failed($"the examples file {Echo.Origin(set.Path)} is missing: add positive and negative examples " +
                $"({InterpProtocol.AddExample.Name}) before training a probe");
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: train probe", $"{name} ({method})", ct);
        var token = progress.Cancellation;
        var result = await Task.Run(async () =>
        {
            var (data, options, library) = LspErrors.Translate(() =>
            {
                var d = ProbeDataset.Load(set.Path, token);
                var o = new ProbeOptions(Engine.Selection.Hook, probeMethod, name) { ModelId = Engine.Selection.ModelId };
                return (d, o, WorkspaceLibrary.Ensure(Session));
            });
            ProbeRun.Result? run = null;
            var reporter = new Reports(m => _ = progress.ReportAsync(m));
            await Engine.RunInBackground($"train probe {name}", (model, stepToken) =>
            {
                run = LspErrors.Translate(() => ProbeRun.TrainAndStore(Engine, model, library, data, options, makeActive: false, reporter, stepToken));
                return true;
            }, token);
            LspErrors.Translate(() => Engine.SelectDirection(run!.Direction.Id));
            return run!;
        }, token);
        var r = result.Report;
        return new TrainedProbe
        {
            Direction = Describe.Direction(Engine, result.Direction),
            Report = new ProbeReportInfo
            {
                Method = r.Method, Pooling = r.Pooling, Hook = r.Hook, Accuracy = Score(r.Accuracy), Auroc = Score(r.Auroc), F1 = Score(r.F1),
                Selectivity = Score(r.Selectivity), NTrain = r.NTrain, NTest = r.NTest, NDuplicateRows = r.NDuplicateRows, Warnings = r.Warnings.ToList(),
            },
        };
    }

    private static bool IsLink(string path)
    {
        try { return new FileInfo(path).LinkTarget is not null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static double? Score(double v) => double.IsFinite(v) ? v : null;

    /// <summary>Progress reported at once on the reporting thread.</summary>
    private sealed class Reports(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
