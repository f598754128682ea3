using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;

namespace InterpLsp.Lsp.Handlers;

/// <summary>The engine's records as protocol types: written once, used by every handler.</summary>
public static class Describe
{
    public static DirectionInfo Direction(InterpEngine engine, Direction d) => new()
    {
        Id = d.Id,
        Name = d.Name,
        Hook = d.Hook ?? "",
        Model = d.ModelId ?? engine.Selection.ModelId,
        Width = d.Width,
        Kind = d.Kind.ToString().ToLowerInvariant(),
        Source = string.IsNullOrEmpty(d.Source) ? null : d.Source,
        Reading = d.Sae is { } sae ? string.Join("; ", sae.Describe(d.Hook)) : null,
        Hash = d.Hash,
        Active = engine.Selection.DirectionId == d.Id,
    };

    /// <summary>A library entry as a direction (not loaded: <see cref="DirectionInfo.Active"/> is false).</summary>
    public static DirectionInfo LibraryEntry(InterpLsp.Library.LibraryEntry e) => new()
    {
        Id = InterpLsp.Library.DirectionLibrary.IdPrefix + e.Name,
        Name = e.Name,
        Hook = e.Hook ?? "",
        Model = e.ModelId ?? "",
        Width = e.Width,
        Kind = e.Kind.ToString().ToLowerInvariant(),
        Source = string.IsNullOrEmpty(e.Source) ? null : e.Source,
        Hash = e.Hash,
    };

    public static Protocol.Selection Selection(InterpEngine engine, Analysis.Engine.Selection s) => new()
    {
        Model = s.ModelId,
        Hook = s.Hook,
        Direction = s.DirectionId is { } id && engine.Directions.Find(id) is { } d ? Direction(engine, d) : null,
        Threshold = s.Threshold,
    };
}
