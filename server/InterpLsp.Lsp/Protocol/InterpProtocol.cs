using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Protocol;

/// <summary>
/// Every interp/* method, command and setting of the server: the whole custom surface in one file.
/// Mirrored name for name by the client's <c>client/src/protocol.ts</c>.
/// </summary>
public static class InterpMethods
{
    /// <summary>Request: <see cref="TokenActivationsParams"/> -> <see cref="TokenActivationsResult"/>.</summary>
    public const string TokenActivations = "interp/tokenActivations";
    /// <summary>Notification to the client: <see cref="ActivationsChangedParams"/>, after a recompute.</summary>
    public const string ActivationsChanged = "interp/activationsChanged";
    /// <summary>Notification to the client: <see cref="ServerStatusParams"/>.</summary>
    public const string ServerStatus = "interp/serverStatus";
    /// <summary>Request: <see cref="SetActiveDirectionParams"/> -> <see cref="DirectionInfo"/>.</summary>
    public const string SetActiveDirection = "interp/setActiveDirection";
    /// <summary>Request: {} -> <see cref="ListDirectionsResult"/>.</summary>
    public const string ListDirections = "interp/listDirections";
    /// <summary>Request: <see cref="SetHookParams"/> -> <see cref="SetHookParams"/> (the hook now active).</summary>
    public const string SetHook = "interp/setHook";
}

/// <summary>Commands for <c>workspace/executeCommand</c>.</summary>
public static class InterpCommands
{
    /// <summary>[id] -> <see cref="DirectionInfo"/></summary>
    public const string SelectDirection = "interp.selectDirection";
    /// <summary>[hook] -> <see cref="SetHookParams"/></summary>
    public const string SelectHook = "interp.selectHook";
    /// <summary>[path or spec] -> <see cref="DirectionInfo"/>; the loaded direction becomes active.</summary>
    public const string LoadDirection = "interp.loadDirection";
    /// <summary>[] -> <see cref="ModelInfoResult"/></summary>
    public const string ModelInfo = "interp.modelInfo";
    /// <summary>[id] -> <see cref="DirectionInfo"/> (details for hover links)</summary>
    public const string DirectionInfo = "interp.directionInfo";

    public static readonly string[] All = { SelectDirection, SelectHook, LoadDirection, ModelInfo, DirectionInfo };
}

/// <summary>Semantic token legend: an editor-agnostic view for clients without the extension.</summary>
public static class InterpSemanticTokens
{
    public static readonly string[] Types = { "activationPositive", "activationNegative" };
    public static readonly string[] Modifiers = { "level1", "level2", "level3", "level4" };
}

public sealed class TokenActivationsParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    /// <summary>Only tokens overlapping this range (the visible range); null: the whole document.</summary>
    public Range? Range { get; set; }
    /// <summary>Direction ids; null: the active direction.</summary>
    public List<string>? Directions { get; set; }
}

public sealed class DirectionScale
{
    public float P01 { get; init; }
    public float P50 { get; init; }
    public float P99 { get; init; }
    public float Max { get; init; }
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
    public required string Hook { get; init; }
    public required List<DirectionSummary> Directions { get; init; }
    public required List<TokenActivation> Tokens { get; init; }
}

public sealed class ActivationsChangedParams
{
    public required string Uri { get; init; }
    public int Version { get; init; }
}

public sealed class ServerStatusParams
{
    /// <summary>"ok", "warning" or "error".</summary>
    public required string Health { get; init; }
    public bool Quiescent { get; init; }
    public string? Message { get; init; }
}

public sealed class SetActiveDirectionParams
{
    public string Id { get; set; } = "";
}

public sealed class SetHookParams
{
    public string Hook { get; set; } = "";
}

public sealed class DirectionInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Hook { get; init; }
    /// <summary>"projection", "neuron" or "probe".</summary>
    public required string Kind { get; init; }
    public string? Source { get; init; }
    public int Width { get; init; }
    public bool Active { get; init; }
}

public sealed class ListDirectionsResult
{
    public string? Active { get; init; }
    public required List<DirectionInfo> Directions { get; init; }
}

public sealed class HookInfo
{
    public required string Name { get; init; }
    public int Width { get; init; }
    public int Layer { get; init; }
    public string? Description { get; init; }
}

public sealed class ModelInfoResult
{
    public required string Name { get; init; }
    public required string Architecture { get; init; }
    public int Layers { get; init; }
    public int Width { get; init; }
    public int VocabSize { get; init; }
    public int MaxPositions { get; init; }
    public double LoadSeconds { get; init; }
    public required string Hook { get; init; }
    public required List<HookInfo> Hooks { get; init; }
}

/// <summary>
/// The settings object: sent as <c>initializationOptions</c> itself and as <c>settings.interp</c> in
/// <c>workspace/didChangeConfiguration</c>. Absent keys keep their current value.
/// </summary>
public sealed class InterpSettings
{
    public const string DefaultModel = "embedded:all-MiniLM-L6-v2";
    public const string DefaultHook = "blocks.3.hook_resid_post";

    /// <summary>"embedded:all-MiniLM-L6-v2" (also "" or "embedded").</summary>
    public string? Model { get; set; }
    public string? Hook { get; set; }
    /// <summary>File paths or neuron specs to load at start; the first becomes active.</summary>
    public List<string>? Directions { get; set; }
    public int? CacheMegabytes { get; set; }
    public int? DebounceMs { get; set; }
    /// <summary>|value| / scale below which nothing is painted (0..1).</summary>
    public double? Threshold { get; set; }
    /// <summary>Largest document analysed, in characters.</summary>
    public int? MaxChars { get; set; }

    public static InterpSettings? From(JToken? token) =>
        token is JObject o ? o.ToObject<InterpSettings>(Newtonsoft.Json.JsonSerializer.Create(LspJson.Settings)) : null;
}
