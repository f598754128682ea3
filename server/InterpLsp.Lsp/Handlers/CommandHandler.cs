using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using InterpLsp.Model;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Lsp.Handlers;

/// <summary>workspace/executeCommand (interp.*) and the interp/* requests that change the active direction
/// or hook. Anything that may take more than a second reports work-done progress and can be cancelled.</summary>
public sealed class CommandHandler(ServerSession session, ClientNotifier notifier, DirectionLoader loader)
{
    public async Task<object?> Execute(ExecuteCommandParams p, CancellationToken ct)
    {
        var args = p.Arguments ?? new JArray();
        switch (p.Command)
        {
            case InterpCommands.SelectDirection:
                return SetActiveDirection(new SetActiveDirectionParams { Id = Arg(p, args, 0, "direction id") });
            case InterpCommands.SelectHook:
            {
                var hook = Arg(p, args, 0, "hook name");
                await using var progress = await WorkDoneProgress.BeginAsync(session, p.WorkDoneToken, "Interp: select hook", hook, ct);
                return await Task.Run(() => SetHook(new SetHookParams { Hook = hook }), progress.Cancellation);
            }
            case InterpCommands.LoadDirection:
            {
                var spec = Arg(p, args, 0, "file path or neuron spec");
                await using var progress = await WorkDoneProgress.BeginAsync(session, p.WorkDoneToken, "Interp: load direction", spec, ct);
                if (session.Scheduler.Model is null) await progress.ReportAsync("loading the model");
                var d = await Task.Run(() => LoadDirection(spec), progress.Cancellation);
                notifier.AllActivationsChanged();
                return Info(d);
            }
            case InterpCommands.ModelInfo:
            {
                await using var progress = await WorkDoneProgress.BeginAsync(session, p.WorkDoneToken, "Interp: model info", null, ct);
                var model = await Task.Run(session.Scheduler.EnsureModel, progress.Cancellation);
                return ModelInfo(model);
            }
            case InterpCommands.DirectionInfo:
            {
                var id = Arg(p, args, 0, "direction id");
                var d = session.Library.All.FirstOrDefault(x => x.Id == id)
                    ?? throw Failed($"no direction '{id}' is loaded");
                return Info(d);
            }
            default:
                throw new LocalRpcException($"unknown command '{p.Command}'; this server has {string.Join(", ", InterpCommands.All)}")
                    { ErrorCode = LspErrorCodes.InvalidParams };
        }
    }

    public DirectionInfo SetActiveDirection(SetActiveDirectionParams p)
    {
        Direction d;
        try { d = session.Library.SetActive(p.Id); }
        catch (KeyNotFoundException e) { throw new LocalRpcException(e.Message) { ErrorCode = LspErrorCodes.InvalidParams }; }
        if (d.Hook is { } hook && hook != session.Scheduler.Hook) session.Scheduler.Hook = hook;
        notifier.AllActivationsChanged();
        return Info(d);
    }

    public ListDirectionsResult ListDirections() => new()
    {
        Active = session.Library.Active?.Id,
        Directions = session.Library.All.Select(Info).ToList(),
    };

    public SetHookParams SetHook(SetHookParams p)
    {
        var model = session.Scheduler.EnsureModel();
        try { model.GetHook(p.Hook); }
        catch (UnknownHookException e) { throw new LocalRpcException(e.Message) { ErrorCode = LspErrorCodes.InvalidParams }; }
        session.Scheduler.Hook = p.Hook;
        // Keep the active direction if it lives at this hook, else make the first one there active.
        if (session.Library.Active?.Hook != p.Hook && session.Library.All.FirstOrDefault(d => d.Hook == p.Hook) is { } there)
            session.Library.SetActive(there.Id);
        notifier.AllActivationsChanged();
        return new SetHookParams { Hook = p.Hook };
    }

    private Direction LoadDirection(string spec)
    {
        try { return loader.Load(spec, makeActive: true); }
        catch (Exception e) when (e is DirectionLoadException or ArgumentException or IOException or InvalidDataException)
        {
            throw Failed(e.Message);
        }
    }

    private DirectionInfo Info(Direction d) => new()
    {
        Id = d.Id,
        Name = d.Name,
        Hook = d.Hook,
        Kind = d.Kind.ToString().ToLowerInvariant(),
        Source = string.IsNullOrEmpty(d.Source) ? null : d.Source,
        Width = d.Vector.Length,
        Active = session.Library.Active?.Id == d.Id,
    };

    private ModelInfoResult ModelInfo(ILanguageModel m) => new()
    {
        Name = m.Info.Name,
        Architecture = m.Info.Architecture,
        Layers = m.Info.Layers,
        Width = m.Info.Width,
        VocabSize = m.Info.VocabSize,
        MaxPositions = m.Info.MaxPositions,
        LoadSeconds = m.Info.LoadSeconds,
        Hook = session.Scheduler.Hook,
        Hooks = m.HookPoints.Select(h => new HookInfo { Name = h.Name, Width = h.Width, Layer = h.Layer, Description = h.Description }).ToList(),
    };

    private static string Arg(ExecuteCommandParams p, JArray args, int i, string what) =>
        args.Count > i && args[i].Type == JTokenType.String && args[i].ToString().Length > 0
            ? args[i].ToString()
            : throw new LocalRpcException($"{p.Command} takes [{what}] as its arguments") { ErrorCode = LspErrorCodes.InvalidParams };

    private static LocalRpcException Failed(string message) => new(message) { ErrorCode = LspErrorCodes.RequestFailed };
}
