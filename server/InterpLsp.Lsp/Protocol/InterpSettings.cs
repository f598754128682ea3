using InterpLsp.Analysis.Engine;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Protocol;

/// <summary>
/// The settings object: sent as <c>initializationOptions</c> itself and as <c>settings.interp</c> in
/// <c>workspace/didChangeConfiguration</c>. Absent keys keep their current value.
/// </summary>
public sealed class InterpSettings
{
    public const string DefaultModel = ModelRegistry.EmbeddedMiniLmId;
    public const string DefaultHook = InterpEngine.DefaultHook;

    /// <summary>A model id of the server's registry (<c>embedded:all-MiniLM-L6-v2</c>; also "" or "embedded"), a Hugging
    /// Face model folder, or a model of the local Hugging Face cache by its hub name (<c>gpt2</c>).</summary>
    public string? Model { get; set; }
    public string? Hook { get; set; }
    /// <summary>Hugging Face model folders (or folders holding them) that the model picker offers.</summary>
    public List<string>? ModelFolders { get; set; }
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
