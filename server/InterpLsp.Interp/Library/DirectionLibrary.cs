using System.Collections.Concurrent;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Interp.Library;

/// <summary>The directions loaded in a session, one of them active. Thread-safe.</summary>
public sealed class DirectionLibrary
{
    private readonly object _gate = new();
    private readonly List<Direction> _all = new();
    private readonly ConcurrentDictionary<string, DirectionProjector> _projectors = new(StringComparer.Ordinal);
    private string? _activeId;

    public event Action? Changed;

    public IReadOnlyList<Direction> All { get { lock (_gate) return _all.ToList(); } }

    public Direction? Active
    {
        get { lock (_gate) return _all.FirstOrDefault(d => d.Id == _activeId); }
    }

    /// <summary>Adds (or replaces, by id) a direction; the first one added becomes active.</summary>
    public Direction Add(Direction d, bool makeActive = false)
    {
        lock (_gate)
        {
            int i = _all.FindIndex(x => x.Id == d.Id);
            if (i >= 0) _all[i] = d; else _all.Add(d);
            _projectors.TryRemove(d.Id, out _);
            if (makeActive || _activeId is null) _activeId = d.Id;
        }
        Changed?.Invoke();
        return d;
    }

    public Direction SetActive(string id)
    {
        Direction d;
        lock (_gate)
        {
            d = _all.FirstOrDefault(x => x.Id == id)
                ?? throw new KeyNotFoundException(_all.Count == 0
                    ? $"no direction '{id}': none is loaded"
                    : $"no direction '{id}'; loaded: {string.Join(", ", _all.Select(x => x.Id))}");
            _activeId = id;
        }
        Changed?.Invoke();
        return d;
    }

    public void Clear()
    {
        lock (_gate) { _all.Clear(); _activeId = null; }
        _projectors.Clear();
        Changed?.Invoke();
    }

    public DirectionProjector Projector(Direction d) => _projectors.GetOrAdd(d.Id, _ => new DirectionProjector(d));
}
