using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Activations;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Protocol;

/// <summary>The activations a document's tokens have on the loaded directions, and the notifications that say they changed.</summary>
public static partial class InterpProtocol
{
    public static readonly RequestType<TokenActivationsParams, TokenActivationsResult> TokenActivations = Request<TokenActivationsParams, TokenActivationsResult>("interp/tokenActivations");
    public static readonly RequestType<NoParams, ListDirectionsResult> ListDirections = Request<NoParams, ListDirectionsResult>("interp/listDirections");

    /// <summary>After a recompute; after a selection change, exactly one per open document.</summary>
    public static readonly NotificationType<ActivationsChangedParams> ActivationsChanged = new("interp/activationsChanged");
    public static readonly NotificationType<ServerStatusParams> ServerStatus = new("interp/serverStatus");
    /// <summary>After <c>initialized</c> and whenever the model, hook, active direction or threshold changes.</summary>
    public static readonly NotificationType<Selection> SelectionChanged = new("interp/selectionChanged");
}

public sealed class TokenActivationsParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    /// <summary>Only tokens overlapping this range (the visible range); null: the whole document.</summary>
    public Range? Range { get; set; }
    /// <summary>Direction ids (duplicates removed, at most <see cref="InterpEngine.MaxDirectionsPerRequest"/>); null: the active direction.</summary>
    public List<string>? Directions { get; set; }
}

public sealed class DirectionScale
{
    public float P01 { get; init; }
    public float P50 { get; init; }
    public float P99 { get; init; }
    public float Max { get; init; }
    /// <summary>The |value| that maps to full colour (<see cref="PaintRule"/>).</summary>
    public float Paint { get; init; }
    /// <summary>"document" (this version's values) or "corpus".</summary>
    public string Basis { get; init; } = "document";
}

public sealed class DirectionSummary
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DirectionScale Scale { get; init; }
}

public sealed class TokenActivation
{
    public required Range Range { get; init; }
    public required string Text { get; init; }
    /// <summary>One value per direction, in the order of <see cref="TokenActivationsResult.Directions"/>.</summary>
    public required float[] Values { get; init; }
}

public sealed class TokenActivationsResult
{
    public int Version { get; init; }
    public required string Model { get; init; }
    public required string Hook { get; init; }
    public required List<DirectionSummary> Directions { get; init; }
    public required List<TokenActivation> Tokens { get; init; }
}

public sealed class ListDirectionsResult
{
    public string? Active { get; init; }
    public required List<DirectionInfo> Directions { get; init; }
    /// <summary>The workspace library's directions (ids <c>library:NAME</c>; load one with <c>interp.loadDirection</c> NAME).</summary>
    public List<DirectionInfo>? Library { get; init; }
    /// <summary>Why the workspace library could not be opened (locked, corrupt), when it could not.</summary>
    public string? LibraryError { get; init; }
}

public sealed class ActivationsChangedParams
{
    public required string Uri { get; init; }
    public int Version { get; init; }
    /// <summary>True when some values are provisional (from a short window around an edit, or the previous
    /// version's); the exact ones follow in later notifications for the same version.</summary>
    public bool? Provisional { get; init; }
    /// <summary>With <see cref="Provisional"/>: the ranges whose values are already exact (the visible windows are
    /// recomputed first).</summary>
    public List<Range>? Exact { get; init; }
}

public sealed class ServerStatusParams
{
    /// <summary>"ok", "warning" or "error".</summary>
    public required string Health { get; init; }
    public bool Quiescent { get; init; }
    public string? Message { get; init; }
}
