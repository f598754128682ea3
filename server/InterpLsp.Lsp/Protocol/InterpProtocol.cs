using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Interp.Activations;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Protocol;

/// <summary>A request: its method name tied to its params and result types (rust-analyzer's <c>lsp_ext.rs</c>
/// style). Handlers are registered from these (<see cref="Server.LspTarget"/>), so a handler of the wrong
/// type does not compile.</summary>
public sealed record RequestType<TParams, TResult>(string Method);

/// <summary>A notification the server sends, tied to its params type.</summary>
public sealed record NotificationType<TParams>(string Method);

/// <summary>A <c>workspace/executeCommand</c> command: its name, its positional argument names, its result type.</summary>
public sealed record CommandType<TResult>(string Name, params string[] Args) : ICommandType
{
    public Type ResultType => typeof(TResult);
}

public interface ICommandType
{
    string Name { get; }
    string[] Args { get; }
    Type ResultType { get; }
}

/// <summary>The params of a request that takes none (<c>{}</c> or absent).</summary>
public sealed class NoParams;

/// <summary>
/// Every interp/* method, notification and command of the server: the whole custom surface in one file. The
/// capability list and the JSON-RPC registration are made from these descriptors, and
/// <see cref="ProtocolManifest"/> writes them (with every type's fields) to
/// <c>client/test/unit/fixtures/protocol-manifest.json</c>, which the client's <c>protocol.ts</c> is checked
/// against.
/// </summary>
public static class InterpProtocol
{
    // ---- requests (client -> server) ----
    public static readonly RequestType<TokenActivationsParams, TokenActivationsResult> TokenActivations = new("interp/tokenActivations");
    public static readonly RequestType<NoParams, ListDirectionsResult> ListDirections = new("interp/listDirections");

    // ---- notifications (server -> client) ----
    /// <summary>After a recompute; after a selection change, exactly one per open document.</summary>
    public static readonly NotificationType<ActivationsChangedParams> ActivationsChanged = new("interp/activationsChanged");
    public static readonly NotificationType<ServerStatusParams> ServerStatus = new("interp/serverStatus");
    /// <summary>After <c>initialized</c> and whenever the model, hook, active direction or threshold changes.</summary>
    public static readonly NotificationType<Selection> SelectionChanged = new("interp/selectionChanged");

    // ---- commands (workspace/executeCommand) ----
    public static readonly CommandType<Selection> SelectDirection = new("interp.selectDirection", "id");
    public static readonly CommandType<Selection> SelectHook = new("interp.selectHook", "hook");
    /// <summary>The loaded direction becomes active.</summary>
    public static readonly CommandType<Selection> LoadDirection = new("interp.loadDirection", "spec");
    public static readonly CommandType<ModelInfo> ModelInfo = new("interp.modelInfo");
    public static readonly CommandType<DirectionInfo> DirectionInfo = new("interp.directionInfo", "id");
    /// <summary>Adds text (an editor selection) to the workspace's example set (<c>.interp/datasets/examples.jsonl</c>)
    /// as a "positive" or "negative" example; <c>source</c> says where it came from.</summary>
    public static readonly CommandType<ExampleSetInfo> AddExample = new("interp.addExample", "text", "label", "source");
    /// <summary>Trains a probe from the workspace's example set at the selected hook, stores it in the library and
    /// makes it active (runs on the inference queue, with progress; cancellable).</summary>
    public static readonly CommandType<TrainedProbe> TrainProbe = new("interp.trainProbe", "method", "name");
    /// <summary>Scans a corpus (<c>default</c>, also when absent, <c>all</c>, <c>workspace</c>, or a path: see
    /// <see cref="InterpLsp.Analysis.Corpora.CorpusResolver"/>) for a direction in the
    /// background class, stores the result in the library; the hover and paint scale then use its percentiles.</summary>
    public static readonly CommandType<ScanSummary> ScanCorpus = new("interp.scanCorpus", "id", "corpus");
    /// <summary>The direction view's HTML (the same page as <c>interp-lsp report</c>).</summary>
    public static readonly CommandType<DirectionView> DirectionView = new("interp.directionView", "id");
    /// <summary>Candidate explanations of a direction on a corpus (<c>default</c> when absent, <c>all</c>,
    /// <c>workspace</c>, or a path: see <see cref="InterpLsp.Analysis.Corpora.CorpusResolver"/>), scanned first when needed (with progress, cancellable), stored in the library:
    /// the JSON of <c>interp-lsp explain --json</c> (snake_case, as <see cref="ExplanationResult"/> declares it).</summary>
    public static readonly CommandType<ExplanationResult> Explain = new("interp.explain", "id", "corpus");
    /// <summary>Scores the user's hypothesis against a direction: <c>kind</c> is <c>words</c> (<c>value</c> a comma- or
    /// space-separated list), <c>regex</c> or <c>text</c>; the JSON of <c>interp-lsp test-explanation --json</c>.</summary>
    public static readonly CommandType<HypothesisResult> TestExplanation = new("interp.testExplanation", "id", "kind", "value");

    public static readonly string[] Requests = { TokenActivations.Method, ListDirections.Method };
    public static readonly string[] Notifications = { ActivationsChanged.Method, ServerStatus.Method, SelectionChanged.Method };
    public static readonly ICommandType[] Commands =
    {
        SelectDirection, SelectHook, LoadDirection, ModelInfo, DirectionInfo, AddExample, TrainProbe, ScanCorpus, DirectionView,
        Explain, TestExplanation,
    };
    public static string[] CommandNames => Commands.Select(c => c.Name).ToArray();

    /// <summary>The <c>experimental.interp</c> capability: what this server implements beyond LSP.</summary>
    public static JObject Capability() => new()
    {
        ["requests"] = new JArray(Requests),
        ["notifications"] = new JArray(Notifications),
    };
}

/// <summary>Semantic token legend: an editor-agnostic view for clients without the extension.</summary>
public static class InterpSemanticTokens
{
    public static readonly string[] Types = { "activationPositive", "activationNegative" };
    public static readonly string[] Modifiers = Enumerable.Range(1, PaintRule.Levels).Select(l => $"level{l}").ToArray();
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
}

public sealed class ServerStatusParams
{
    /// <summary>"ok", "warning" or "error".</summary>
    public required string Health { get; init; }
    public bool Quiescent { get; init; }
    public string? Message { get; init; }
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
    /// <summary>"projection", "neuron" or "probe".</summary>
    public required string Kind { get; init; }
    public string? Source { get; init; }
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
        Hooks = m.Hooks.Select(h => new HookInfo { Name = h.Name, Width = h.Width, Layer = h.Layer, Description = h.Description }).ToList(),
    };
}

/// <summary>
/// The settings object: sent as <c>initializationOptions</c> itself and as <c>settings.interp</c> in
/// <c>workspace/didChangeConfiguration</c>. Absent keys keep their current value.
/// </summary>
public sealed class InterpSettings
{
    public const string DefaultModel = ModelRegistry.EmbeddedMiniLmId;
    public const string DefaultHook = InterpEngine.DefaultHook;

    /// <summary>A model id of the server's registry (<c>embedded:all-MiniLM-L6-v2</c>; also "" or "embedded").</summary>
    public string? Model { get; set; }
    public string? Hook { get; set; }
    /// <summary>File paths or neuron specs to load at start; the first becomes active.</summary>
    public List<string>? Directions { get; set; }
    public int? CacheMegabytes { get; set; }
    public int? DebounceMs { get; set; }
    /// <summary>|value| / paint scale below which nothing is painted (0..1).</summary>
    public double? Threshold { get; set; }
    /// <summary>Largest document analysed, in characters.</summary>
    public int? MaxChars { get; set; }

    public static InterpSettings? From(JToken? token) =>
        token is JObject o ? o.ToObject<InterpSettings>(Newtonsoft.Json.JsonSerializer.Create(LspJson.Settings)) : null;
}

/// <summary>What <c>interp.addExample</c> answers: the workspace's example set after the addition.</summary>
public sealed class ExampleSetInfo
{
    /// <summary>The dataset file (JSONL, in the workspace's <c>.interp/datasets/</c>).</summary>
    public required string Path { get; init; }
    public int Positives { get; init; }
    public int Negatives { get; init; }
}

/// <summary>A probe's held-out report (field-anchors.md definitions).</summary>
public sealed class ProbeReportInfo
{
    public required string Method { get; init; }
    public required string Pooling { get; init; }
    public required string Hook { get; init; }
    /// <summary>Null when the examples are too few for a held-out split (then so are the other scores).</summary>
    public double? Accuracy { get; init; }
    public double? Auroc { get; init; }
    public double? F1 { get; init; }
    /// <summary>Accuracy minus the accuracy of the same method trained on shuffled labels.</summary>
    public double? Selectivity { get; init; }
    public int NTrain { get; init; }
    public int NTest { get; init; }
    /// <summary>Rows whose text was already in the data (every copy of a text stays on one side of the split).</summary>
    public int NDuplicateRows { get; init; }
    public required List<string> Warnings { get; init; }
}

/// <summary>What <c>interp.trainProbe</c> answers: the stored probe (now the active direction) and its report.</summary>
public sealed class TrainedProbe
{
    public required DirectionInfo Direction { get; init; }
    public required ProbeReportInfo Report { get; init; }
}

/// <summary>What <c>interp.scanCorpus</c> answers once the scan is stored in the library.</summary>
public sealed class ScanSummary
{
    public required string Direction { get; init; }
    public required string Corpus { get; init; }
    public long Documents { get; init; }
    public long Tokens { get; init; }
    public double Seconds { get; init; }
    /// <summary>True when the hidden states came from the activation store (no forward pass).</summary>
    public bool FromStore { get; init; }
    public required List<string> Warnings { get; init; }
}

/// <summary>The direction view: the same HTML as <c>interp-lsp report</c>.</summary>
public sealed class DirectionView
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Html { get; init; }
}
