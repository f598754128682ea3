using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Handlers;

/// <summary>Loads a direction spec (file path relative to the workspace, or neuron:HOOK:INDEX) into the
/// library, switching the hook to the direction's own when it becomes active.</summary>
public sealed class DirectionLoader(ServerSession session)
{
    public Direction Load(string spec, bool makeActive)
    {
        var model = session.Scheduler.EnsureModel();
        var d = DirectionSpecParser.Load(spec, h => model.GetHook(h).Width, session.Scheduler.Hook, session.RootPath);
        session.Library.Add(d, makeActive);
        if (makeActive && d.Hook is { } hook) session.Scheduler.Hook = hook;
        session.Log.Info($"loaded direction {d.Id} ({d.Name}) at {d.Hook}");
        return d;
    }
}
