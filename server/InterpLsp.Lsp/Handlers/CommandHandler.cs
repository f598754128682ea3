using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Lsp.Handlers;

/// <summary>workspace/executeCommand: finds the command's endpoint in one table (<see cref="CommandTable"/>, checked
/// against the protocol's declared commands when the server starts) and answers with the command's declared result
/// type; the selection and model commands are here, the probe-run and explanation commands in their own classes. Anything that may load the model runs off the LSP thread, reports work-done
/// progress and can be cancelled.</summary>
public sealed class CommandHandler(ServerSession session)
{
    private Analysis.Engine.InterpEngine Engine => session.Engine;
    private readonly CommandTable _table = new(
        Endpoints(session).Concat(new ProbeRunCommands(session).Endpoints()).Concat(new ExplainCommands(session).Endpoints()),
        InterpProtocol.Commands);

    /// <summary>The commands answered (every declared one: see <see cref="CommandTable"/>).</summary>
    public IReadOnlyCollection<string> Handled => _table.Names;

    public async Task<object?> Execute(ExecuteCommandParams p, CancellationToken ct)
    {
        var name = p.Command ?? "";
        if (!_table.TryGet(name, out var endpoint))
            throw LspErrors.InvalidParams($"unknown command '{Echo.Input(name)}'; this server has {string.Join(", ", InterpProtocol.CommandNames)}");
        return await endpoint.Handle(p.Arguments ?? new JArray(), p.WorkDoneToken, ct);
    }

    /// <summary>The selection and model commands.</summary>
    private static IEnumerable<CommandEndpoint> Endpoints(ServerSession session)
    {
        var engine = session.Engine;
        Protocol.Selection Selection(Analysis.Engine.Selection s) => Describe.Selection(engine, s);
        yield return CommandEndpoint.Of(InterpProtocol.SelectDirection, args =>
        {
            var id = Arg(InterpProtocol.SelectDirection, args, 0);
            return Selection(LspErrors.Translate(() => engine.SelectDirection(id)));
        });
        yield return CommandEndpoint.Of(InterpProtocol.SelectHook, async (args, workDone, ct) =>
        {
            var hook = Arg(InterpProtocol.SelectHook, args, 0);
            await using var progress = await WorkDoneProgress.BeginAsync(session, workDone, "Interp: select hook", hook, ct);
            return Selection(await Task.Run(() => LspErrors.Translate(() => engine.SelectHook(hook)), progress.Cancellation));
        });
        yield return CommandEndpoint.Of(InterpProtocol.LoadDirection, async (args, workDone, ct) =>
        {
            var spec = Arg(InterpProtocol.LoadDirection, args, 0);
            await using var progress = await WorkDoneProgress.BeginAsync(session, workDone, "Interp: load direction", Echo.Input(spec), ct);
            if (!engine.ModelLoaded) await progress.ReportAsync("loading the model");
            var token = progress.Cancellation;
            await Task.Run(() => LspErrors.Translate(() => engine.LoadDirection(spec, session.RootPath, makeActive: true, token)), token);
            return Selection(engine.Selection);
        });
        yield return CommandEndpoint.Of(InterpProtocol.ModelInfo, async (_, workDone, ct) =>
        {
            await using var progress = await WorkDoneProgress.BeginAsync(session, workDone, "Interp: model info", null, ct);
            var description = await Task.Run(() => LspErrors.Translate(engine.DescribeModel), progress.Cancellation);
            return ModelInfo.From(description);
        });
        yield return CommandEndpoint.Of(InterpProtocol.DirectionInfo, args =>
        {
            var id = Arg(InterpProtocol.DirectionInfo, args, 0);
            var d = engine.Directions.Find(id) ?? throw LspErrors.NoDirection(id);
            return Describe.Direction(engine, d);
        });
    }

    public ListDirectionsResult ListDirections()
    {
        List<DirectionInfo>? library = null;
        string? libraryError = session.LibraryError;
        try
        {
            library = Engine.Library?.List().Select(Describe.LibraryEntry).ToList();
        }
        catch (InterpLsp.Library.LibraryException e) { libraryError = e.Message; }
        return new()
        {
            Active = Engine.Selection.DirectionId,
            Directions = Engine.Directions.All.Select(d => Describe.Direction(Engine, d)).ToList(),
            Library = library,
            LibraryError = libraryError,
        };
    }

    private static string Arg(ICommandType command, JArray args, int i) => CommandArgs.Required(command, args, i);
}
