using System.Collections.Concurrent;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Engine;

/// <summary>The directions loaded in this session, by id (a reload replaces the direction under its id).
/// Thread-safe. Which one is active is the engine's selection, not this set's.</summary>
public sealed class SessionDirections
{
    private readonly object _gate = new();
    private readonly List<Direction> _all = new();
    private readonly ConcurrentDictionary<string, DirectionProjector> _projectors = new(StringComparer.Ordinal);

    public IReadOnlyList<Direction> All { get { lock (_gate) return _all.ToList(); } }

    public int Count { get { lock (_gate) return _all.Count; } }

    /// <summary>Adds <paramref name="d"/>, or replaces the direction with its id.</summary>
    public void Put(Direction d)
    {
        lock (_gate)
        {
            int i = _all.FindIndex(x => x.Id == d.Id);
            if (i >= 0) _all[i] = d; else _all.Add(d);
        }
    }

    public Direction? Find(string id)
    {
        lock (_gate) return _all.FirstOrDefault(x => x.Id == id);
    }

    /// <summary>The projector of a direction, shared by every direction with the same content hash.</summary>
    public DirectionProjector Projector(Direction d) => _projectors.GetOrAdd(d.Hash, _ => new DirectionProjector(d));
}
