using InterpLsp.Interp.Text;

namespace InterpLsp.Model.Hooks;

/// <summary>Finds a hook by name in a model's table; an unknown name gets the three nearest names.</summary>
public sealed class HookLookup
{
    private readonly IReadOnlyList<HookPoint> _points;
    private readonly Dictionary<string, HookPoint> _byName;
    private readonly string _model;

    public HookLookup(IReadOnlyList<HookPoint> points, string modelName)
    {
        _points = points;
        _byName = points.ToDictionary(h => h.Name, StringComparer.Ordinal);
        _model = modelName;
    }

    public HookPoint Get(string name)
    {
        if (_byName.TryGetValue(name, out var h)) return h;
        var probe = name.Length > 100 ? name[..100] : name;
        var near = _points.Select(p => p.Name).OrderBy(n => EditDistance.Between(n, probe)).Take(3);
        var quoted = name.Length > 80 ? name[..80] + "…" : name;
        throw new UnknownHookException(
            $"unknown hook '{quoted}' for {_model}; did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}? (`interp-lsp model` lists all {_points.Count})");
    }
}
