using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Handlers;

/// <summary>workspace/executeCommand: reads each command's arguments, delegates to the engine, answers with the
/// command's declared result type. Anything that may load the model runs off the LSP thread, reports work-done
/// progress and can be cancelled.</summary>
public sealed class CommandHandler(ServerSession session)
{
    private Analysis.Engine.InterpEngine Engine => session.Engine;
    private readonly ProbeRunCommands _runs = new(session);
    private readonly ExplainCommands _explain = new(session);

    public async Task<object?> Execute(ExecuteCommandParams p, CancellationToken ct)
    {
        var args = p.Arguments ?? new JArray();
        var name = p.Command ?? "";
        if (ProbeRunCommands.Handles(name)) return await _runs.Execute(name, args, p.WorkDoneToken, ct);
        if (ExplainCommands.Handles(name)) return await _explain.Execute(name, args, p.WorkDoneToken, ct);
        if (name == InterpProtocol.SelectDirection.Name)
        {
            var id = Arg(InterpProtocol.SelectDirection, args, 0);
            return Selection(LspErrors.Translate(() => Engine.SelectDirection(id)));
        }
        if (name == InterpProtocol.SelectHook.Name)
        {
            var hook = Arg(InterpProtocol.SelectHook, args, 0);
            await using var progress = await WorkDoneProgress.BeginAsync(session, p.WorkDoneToken, "Interp: select hook", hook, ct);
            return Selection(await Task.Run(() => LspErrors.Translate(() => Engine.SelectHook(hook)), progress.Cancellation));
        }
        if (name == InterpProtocol.LoadDirection.Name)
        {
            var spec = Arg(InterpProtocol.LoadDirection, args, 0);
            await using var progress = await WorkDoneProgress.BeginAsync(session, p.WorkDoneToken, "Interp: load direction",
                Echo.Input(spec), ct);
            if (!Engine.ModelLoaded) await progress.ReportAsync("loading the model");
            var token = progress.Cancellation;
            await Task.Run(() => LspErrors.Translate(() => Engine.LoadDirection(spec, session.RootPath, makeActive: true, token)), token);
            return Selection(Engine.Selection);
        }
        if (name == InterpProtocol.ModelInfo.Name)
        {
            await using var progress = await WorkDoneProgress.BeginAsync(session, p.WorkDoneToken, "Interp: model info", null, ct);
            var description = await Task.Run(() => LspErrors.Translate(Engine.DescribeModel), progress.Cancellation);
            return ModelInfo.From(description);
        }
        if (name == InterpProtocol.DirectionInfo.Name)
        {
            var id = Arg(InterpProtocol.DirectionInfo, args, 0);
            var d = Engine.Directions.Find(id) ?? throw LspErrors.NoDirection(id);
            return Describe.Direction(Engine, d);
        }
        throw LspErrors.InvalidParams(
            $"unknown command '{Echo.Input(name)}'; this server has {string.Join(", ", InterpProtocol.CommandNames)}");
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

    private Protocol.Selection Selection(Analysis.Engine.Selection s) => Describe.Selection(Engine, s);

    private static string Arg(ICommandType command, JArray args, int i) => CommandArgs.Required(command, args, i);
}
