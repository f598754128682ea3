namespace InterpLsp.Lsp.Protocol;

/// <summary>Which models the session can run, and switching between them.</summary>
public static partial class InterpProtocol
{
    /// <summary>The embedded model, the folders of <c>interp.modelFolders</c> and the models of the local Hugging Face cache.</summary>
    public static readonly RequestType<WorkDoneParams, ModelList> ListModels = Action<WorkDoneParams, ModelList>("listModels");
    /// <summary>The model every document is analysed with (loads it, off the LSP thread, with progress); the hook moves
    /// to one the model has when it lacks the active one.</summary>
    public static readonly RequestType<SelectModelParams, Selection> SelectModel = Action<SelectModelParams, Selection>("selectModel", "model");
}

public sealed class SelectModelParams : WorkDoneParams
{
    /// <summary>A model id or alias, a Hugging Face model folder, or a model of the local cache by its hub name.</summary>
    public string Model { get; set; } = "";
}

public sealed class ModelList
{
    /// <summary>The active model's id.</summary>
    public required string Active { get; init; }
    public required List<ModelChoice> Models { get; init; }
    /// <summary>The Hugging Face cache folder that was searched.</summary>
    public required string Cache { get; init; }
}

public sealed class ModelChoice
{
    /// <summary>What to pass to <c>interp/selectModel</c>.</summary>
    public required string Model { get; init; }
    /// <summary>For people: the hub name or the folder's name.</summary>
    public required string Name { get; init; }
    /// <summary>"embedded", "folder" (interp.modelFolders) or "cache" (the local Hugging Face cache).</summary>
    public required string Source { get; init; }
    /// <summary>The folder, for Hugging Face models.</summary>
    public string? Path { get; init; }
    /// <summary>The architecture config.json names, where it could be read.</summary>
    public string? Architecture { get; init; }
    public bool Loaded { get; init; }
}

/// <summary>Steering generation on a causal model.</summary>
public static partial class InterpProtocol
{
    /// <summary>Continues a prompt with alpha * d added at the direction's residual hook, beside the unsteered
    /// continuation; streams both as <see cref="SteerText"/> (for the request's work-done token) and can be cancelled.</summary>
    public static readonly RequestType<SteerParams, SteerResult> Steer = Action<SteerParams, SteerResult>("steer", "id", "prompt", "alpha");
    /// <summary>The continuations so far, after each generated token.</summary>
    public static readonly NotificationType<SteerTextParams> SteerText = new("interp/steerText");
}

public sealed class SteerParams : DirectionIdParams
{
    public string Prompt { get; set; } = "";
    public double Alpha { get; set; } = 8;
    /// <summary>blocks.L.hook_resid_pre or hook_resid_post (default: the direction's hook).</summary>
    public string? Hook { get; set; }
    public int Tokens { get; set; } = 24;
    /// <summary>0: greedy; above 0: sampled from softmax(logits / T) with <see cref="Seed"/>.</summary>
    public double Temperature { get; set; }
    public int Seed { get; set; }
}

public sealed class SteerResult
{
    public required string Direction { get; init; }
    public required string Hook { get; init; }
    public double Alpha { get; init; }
    public required string Prompt { get; init; }
    public required string Unsteered { get; init; }
    public required string Steered { get; init; }
    /// <summary>Why generation stopped (as many tokens as asked, a full context).</summary>
    public required string Stop { get; init; }
}

public sealed class SteerTextParams
{
    /// <summary>The work-done token of the steer request this belongs to ("" when it had none).</summary>
    public required string Token { get; init; }
    public required string Unsteered { get; init; }
    public required string Steered { get; init; }
    public bool Done { get; init; }
}
