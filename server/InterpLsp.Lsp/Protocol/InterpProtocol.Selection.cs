using InterpLsp.Analysis.Engine;

namespace InterpLsp.Lsp.Protocol;

/// <summary>The session's selection (model, hook, active direction) and what describes them.</summary>
public static partial class InterpProtocol
{
    public static readonly RequestType<DirectionIdParams, Selection> SelectDirection = Action<DirectionIdParams, Selection>("selectDirection", "id");
    public static readonly RequestType<SelectHookParams, Selection> SelectHook = Action<SelectHookParams, Selection>("selectHook", "hook");
    /// <summary>The loaded direction becomes active.</summary>
    public static readonly RequestType<LoadDirectionParams, Selection> LoadDirection = Action<LoadDirectionParams, Selection>("loadDirection", "spec");
    public static readonly RequestType<WorkDoneParams, ModelInfo> ModelInfo = Action<WorkDoneParams, ModelInfo>("modelInfo");
    public static readonly RequestType<DirectionIdParams, DirectionInfo> DirectionInfo = Action<DirectionIdParams, DirectionInfo>("directionInfo", "id");
}

/// <summary>An action on one loaded direction (its id, as <c>interp/listDirections</c> gives it).</summary>
public class DirectionIdParams : WorkDoneParams
{
    public string Id { get; set; } = "";
}

public sealed class SelectHookParams : WorkDoneParams
{
    public string Hook { get; set; } = "";
}

public sealed class LoadDirectionParams : WorkDoneParams
{
    /// <summary>A direction file's path, a neuron spec (<c>neuron:HOOK:INDEX</c>) or a library name.</summary>
    public string Spec { get; set; } = "";
}

/// <summary>The session's selection, as <c>interp/selectionChanged</c> sends it and the selection commands answer.</summary>
public sealed class Selection
{
    public required string Model { get; init; }
    public required string Hook { get; init; }
    public DirectionInfo? Direction { get; init; }
    public double Threshold { get; init; }
}

public sealed class DirectionInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Hook { get; init; }
    public required string Model { get; init; }
    public int Width { get; init; }
    /// <summary>"projection", "neuron", "probe" or "saefeature".</summary>
    public required string Kind { get; init; }
    public string? Source { get; init; }
    /// <summary>For an SAE feature: how its value is read, e.g. "input: raw residual; units: Neuronpedia's (decoder norms
    /// folded into the encoder)"; null otherwise.</summary>
    public string? Reading { get; init; }
    /// <summary>Content hash of the vector, hook and model: a reloaded file with a new vector has a new hash.</summary>
    public required string Hash { get; init; }
    public bool Active { get; init; }
}

public sealed class HookInfo
{
    public required string Name { get; init; }
    public int Width { get; init; }
    public int Layer { get; init; }
    public string? Description { get; init; }
}

/// <summary>What <c>interp.modelInfo</c> answers and <c>interp-lsp model</c> prints.</summary>
public sealed class ModelInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Architecture { get; init; }
    public int Layers { get; init; }
    public int Width { get; init; }
    public int VocabSize { get; init; }
    public int MaxPositions { get; init; }
    public double LoadSeconds { get; init; }
    /// <summary>libtorch's threads and OpenMP wait policy, chosen from the cores available (see NativeThreads).</summary>
    public string? Threads { get; init; }
    public required List<HookInfo> Hooks { get; init; }

    public static ModelInfo From(ModelDescription m) => new()
    {
        Id = m.Id,
        Name = m.Info.Name,
        Architecture = m.Info.Architecture,
        Layers = m.Info.Layers,
        Width = m.Info.Width,
        VocabSize = m.Info.VocabSize,
        MaxPositions = m.Info.MaxPositions,
        LoadSeconds = Math.Round(m.Info.LoadSeconds, 3),
        Threads = InterpLsp.Model.Native.NativeThreads.Current.ToString(),
        Hooks = m.Hooks.Select(h => new HookInfo { Name = h.Name, Width = h.Width, Layer = h.Layer, Description = h.Description }).ToList(),
    };
}
