using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Probes;
using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Scans;
using InterpLsp.Analysis.Runs;
using InterpLsp.Analysis.Workspace;
using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Lsp.Handlers;

/// <summary>The probe-run commands of <c>workspace/executeCommand</c> (examples, probes, scans, the direction view):
/// each reads its arguments and calls the one implementation the CLI calls too (<see cref="ProbeRun"/>,
/// <see cref="ScanRun"/>, <see cref="ReportRun"/>). Work on the model runs on the engine's inference queue (the
/// scan in its background class, one bounded step at a time), never on the LSP thread.</summary>
public sealed class ProbeRunCommands(ServerSession session)
{
    private Analysis.Engine.InterpEngine Engine => session.Engine;

    public IEnumerable<CommandEndpoint> Endpoints() =>
    [
        CommandEndpoint.Of(InterpProtocol.AddExample, AddExample),
        CommandEndpoint.Of(InterpProtocol.TrainProbe, TrainProbe),
        CommandEndpoint.Of(InterpProtocol.ScanCorpus, ScanCorpus),
        CommandEndpoint.Of(InterpProtocol.DirectionView, DirectionView),
    ];

    private string InterpFolder() =>
        WorkspaceLibrary.FolderOf(session) ?? throw LspErrors.Failed("open a folder first: examples, probes and scans live in its .interp/");

    private ExampleSetInfo AddExample(JArray args)
    {
        var text = CommandArgs.Required(InterpProtocol.AddExample, args, 0);
        var label = CommandArgs.Required(InterpProtocol.AddExample, args, 1);
        var source = CommandArgs.Optional(args, 2);
        bool positive = label switch
        {
            "positive" => true,
            "negative" => false,
            _ => throw LspErrors.InvalidParams($"label must be \"positive\" or \"negative\", not '{Echo.Input(label)}'"),
        };
        var set = new ExampleSet(InterpFolder());
        var (pos, neg) = LspErrors.Translate(() => set.Add(text, positive, source));
        return new ExampleSetInfo { Path = set.Path, Positives = pos, Negatives = neg };
    }

    private static bool IsLink(string path)
    {
        try { return new FileInfo(path).LinkTarget is not null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private async Task<Protocol.TrainedProbe> TrainProbe(JArray args, JToken? workDoneToken, CancellationToken ct)
    {
        var method = CommandArgs.Optional(args, 0) ?? "logistic";
        var name = CommandArgs.Optional(args, 1) ?? "probe";
        var probeMethod = LspErrors.Translate(() => ProbeMethods.Parse(method));
        var set = new ExampleSet(InterpFolder());
        if (!File.Exists(set.Path) && !Directory.Exists(set.Path) && !IsLink(set.Path))
            throw LspErrors.Failed($"the examples file {Echo.Origin(set.Path)} is missing: add positive and negative examples " +
                $"({InterpProtocol.AddExample.Name}) before training a probe");
        await using var progress = await WorkDoneProgress.BeginAsync(session, workDoneToken, "Interp: train probe", $"{name} ({method})", ct);
        var token = progress.Cancellation;
        var result = await Task.Run(async () =>
        {
            var (data, options, library) = LspErrors.Translate(() =>
            {
                var d = ProbeDataset.Load(set.Path, token);
                var o = new ProbeOptions(Engine.Selection.Hook, probeMethod, name) { ModelId = Engine.Selection.ModelId };
                return (d, o, WorkspaceLibrary.Ensure(session));
            });
            ProbeRun.Result? run = null;
            var reporter = new Progress(m => _ = progress.ReportAsync(m));
            await Engine.RunInBackground($"train probe {name}", (model, stepToken) =>
            {
                run = LspErrors.Translate(() => ProbeRun.TrainAndStore(Engine, model, library, data, options, makeActive: false, reporter, stepToken));
                return true;
            }, token);
            LspErrors.Translate(() => Engine.SelectDirection(run!.Direction.Id));
            return run!;
        }, token);
        var r = result.Report;
        return new Protocol.TrainedProbe
        {
            Direction = Describe.Direction(Engine, result.Direction),
            Report = new ProbeReportInfo
            {
                Method = r.Method, Pooling = r.Pooling, Hook = r.Hook, Accuracy = Score(r.Accuracy), Auroc = Score(r.Auroc), F1 = Score(r.F1),
                Selectivity = Score(r.Selectivity), NTrain = r.NTrain, NTest = r.NTest, NDuplicateRows = r.NDuplicateRows, Warnings = r.Warnings.ToList(),
            },
        };
    }

    private async Task<ScanSummary> ScanCorpus(JArray args, JToken? workDoneToken, CancellationToken ct)
    {
        var id = CommandArgs.Required(InterpProtocol.ScanCorpus, args, 0);
        var spec = CommandArgs.Optional(args, 1);
        var d = Engine.Directions.Find(id) ?? throw LspErrors.NoDirection(id);
        await using var progress = await WorkDoneProgress.BeginAsync(session, workDoneToken, "Interp: scan corpus", $"{d.Name} on {Echo.Input(spec ?? CorpusResolver.WhenAbsent)}", ct);
        var token = progress.Cancellation;
        return await Task.Run(async () =>
        {
            var (corpus, library) = LspErrors.Translate(() =>
                (CorpusResolver.Open(spec, new CorpusContext(session.RootPath)), WorkspaceLibrary.Ensure(session)));
            if (!Engine.ModelLoaded) await progress.ReportAsync("loading the model");
            var model = LspErrors.Translate(() => Engine.Model());
            var options = new ScanOptions { CheckpointDirectory = CacheDirectory.Scans(), Store = ActivationStore.Default() };
            using var scanner = LspErrors.Translate(() => new CorpusScanner(model, corpus, [d], options));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var throttle = new ProgressThrottle(WorkDoneProgress.ReportEvery, firstAtOnce: false);
            bool forward = false;
            // one bounded step at a time in the background class: typing is served between two steps
            await Engine.RunInBackground($"scan {d.Name}", (_model, stepToken) =>
            {
                bool done = LspErrors.Translate(() => scanner.Step(stepToken));
                var p = scanner.Progress;
                forward |= p.Phase == "forward";
                if (throttle.Due() || done)
                    _ = progress.ReportAsync($"{p.Documents:N0} texts, {p.Tokens:N0} tokens, {p.TokensPerSecond:N0} tokens/s");
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

    private async Task<Protocol.DirectionView> DirectionView(JArray args, JToken? workDoneToken, CancellationToken ct)
    {
        var id = CommandArgs.Required(InterpProtocol.DirectionView, args, 0);
        var d = Engine.Directions.Find(id) ?? throw LspErrors.NoDirection(id);
        await using var progress = await WorkDoneProgress.BeginAsync(session, workDoneToken, "Interp: direction view", d.Name, ct);
        var html = await Task.Run(() => LspErrors.Translate(() => DirectionReportHtml.Render(ReportRun.Build(Engine, Engine.Library, d))), progress.Cancellation);
        return new Protocol.DirectionView { Id = d.Id, Title = $"Direction: {d.Name}", Html = html };
    }

    private static double? Score(double v) => double.IsFinite(v) ? v : null;

    /// <summary>Progress reported at once on the reporting thread.</summary>
    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
