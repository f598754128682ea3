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
