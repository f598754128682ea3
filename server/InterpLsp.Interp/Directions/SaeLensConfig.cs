using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// What the SAELens <c>cfg.json</c> beside <c>sae_weights.safetensors</c> says about how the SAE encodes, read as
/// SAELens reads it (its <c>handle_config_defaulting</c>): <c>architecture</c> (default <c>standard</c>; a config older
/// than SAELens 6 with <c>activation_fn</c>/<c>activation_fn_str</c> <c>topk</c> and <c>activation_fn_kwargs.k</c> is
/// <c>topk</c>), <c>d_in</c>, <c>d_sae</c>, <c>apply_b_dec_to_input</c> (default true), <c>normalize_activations</c>
/// (default <c>none</c>; the old boolean form true means <c>expected_average_only_in</c>), topk's <c>k</c> (top level, or
/// <c>activation_fn_kwargs.k</c>) and <c>rescale_acts_by_decoder_norm</c>. The hook is <c>metadata.hook_name</c>
/// (SAELens 6+) or top-level <c>hook_name</c> / <c>hook_point</c> (older releases); the model likewise
/// <c>metadata.model_name</c> or <c>model_name</c>. <see cref="CenterWritingWeights"/> is
/// <c>model_from_pretrained_kwargs.center_writing_weights</c> (in <c>metadata</c>, or at the top level in older
/// releases; absent: false, as SAELens trains now). <see cref="DeclaredL0"/> and <see cref="DeclaredVarianceExplained"/>
/// are <c>l0</c> and <c>variance_explained</c> (top level or in <c>metadata</c>), the names SAELens's
/// <c>pretrained_saes.yaml</c> gives them; cfg.json files rarely carry them. The file is read through
/// <see cref="SafeFile"/> (regular files only, at most <see cref="FileBytes.MaxConfigBytes"/>).
/// </summary>
internal sealed record SaeLensConfig(
    string Architecture,
    long? DIn,
    long? DSae,
    bool ApplyBDecToInput,
    string Normalization,
    long? K,
    bool RescaleByDecoderNorm,
    string? Hook,
    string? ModelName)
{
    public const string FileName = "cfg.json";

    /// <summary>True when the SAE was trained on TransformerLens with <c>center_writing_weights</c> (see <see cref="ResidualConvention"/>).</summary>
    public bool CenterWritingWeights { get; init; }

    /// <summary>The mean number of active features per token the cfg declares, if any.</summary>
    public double? DeclaredL0 { get; init; }

    /// <summary>The fraction of variance explained the cfg declares (1 - FVU), if any.</summary>
    public double? DeclaredVarianceExplained { get; init; }
    public const string WeightsFileName = "sae_weights.safetensors";

    /// <summary>Architectures whose encoder this tool computes.</summary>
    public static readonly string[] KnownArchitectures = ["standard", "jumprelu", "topk"];

    /// <summary>The values SAELens allows for <c>normalize_activations</c>.</summary>
    public static readonly string[] KnownNormalizations = ["none", "expected_average_only_in", "constant_norm_rescale", "layer_norm"];

    /// <summary>The hook named by the cfg.json next to <paramref name="weightsPath"/>, or null when there is none.</summary>
    public static string? HookBeside(string weightsPath, CancellationToken cancellationToken = default)
    {
        var cfgPath = Path.Combine(Path.GetDirectoryName(weightsPath) ?? ".", FileName);
        return File.Exists(cfgPath) ? HookOf(ReadJson(cfgPath, cancellationToken)) : null;
    }

    /// <summary>Reads and interprets <paramref name="cfgPath"/>; every problem is a <see cref="DirectionLoadException"/> naming it.</summary>
    public static SaeLensConfig Read(string cfgPath, CancellationToken cancellationToken = default)
    {
        var root = ReadJson(cfgPath, cancellationToken);
        var meta = root["metadata"] as JObject;
        var fail = (string what) => new DirectionLoadException(cfgPath, $"SAELens config {what}");

        var version = Text(root["sae_lens_version"]) ?? Text(meta?["sae_lens_version"]);
        bool before6 = version is null || !int.TryParse(new string(version.TakeWhile(char.IsAsciiDigit).ToArray()),
            NumberStyles.None, CultureInfo.InvariantCulture, out var major) || major < 6;
        var activation = Text(root["activation_fn"]) ?? Text(root["activation_fn_str"]);
        var kwargsK = (root["activation_fn_kwargs"] as JObject)?["k"];

        var architecture = root["architecture"] switch
        {
            null or { Type: JTokenType.Null } => "standard",
            { Type: JTokenType.String } t => (string)t!,
            _ => throw fail("has an 'architecture' that is not a string"),
        };
        if (before6 && activation == "topk" && kwargsK is { Type: not JTokenType.Null }) architecture = "topk";
        if (!KnownArchitectures.Contains(architecture))
            throw fail($"has architecture '{Echo.Input(architecture)}', which this tool cannot compute; known: {string.Join(", ", KnownArchitectures)}");
        if (before6 && activation is not null && activation != "relu" && !(activation == "topk" && architecture == "topk"))
            throw fail($"has activation_fn '{Echo.Input(activation)}'; only relu (and topk with activation_fn_kwargs.k) are supported");

        var normalization = root["normalize_activations"] switch
        {
            null or { Type: JTokenType.Null } => "none",
            { Type: JTokenType.Boolean } b => (bool)b! ? "expected_average_only_in" : "none",
            { Type: JTokenType.String } s => (string)s!,
            _ => throw fail("has a 'normalize_activations' that is neither a string nor a boolean"),
        };
        if (!KnownNormalizations.Contains(normalization))
            throw fail($"has normalize_activations '{Echo.Input(normalization)}'; SAELens allows {string.Join(", ", KnownNormalizations)}");

        long? k = architecture == "topk" ? Integer(root["k"], "k", fail) ?? Integer(kwargsK, "activation_fn_kwargs.k", fail) ?? 100 : null;
        return new SaeLensConfig(
            architecture,
            Integer(root["d_in"], "d_in", fail),
            Integer(root["d_sae"], "d_sae", fail),
            Boolean(root["apply_b_dec_to_input"], "apply_b_dec_to_input", fail) ?? true,
            normalization,
            k,
            architecture == "topk" && (Boolean(root["rescale_acts_by_decoder_norm"], "rescale_acts_by_decoder_norm", fail) ?? false),
            HookOf(root),
            NonEmpty(Text(meta?["model_name"]) ?? Text(root["model_name"])))
        {
            CenterWritingWeights = Boolean(((meta?["model_from_pretrained_kwargs"] ?? root["model_from_pretrained_kwargs"]) as JObject)?["center_writing_weights"],
                "model_from_pretrained_kwargs.center_writing_weights", fail) ?? false,
            DeclaredL0 = Number(root["l0"] ?? meta?["l0"]),
            DeclaredVarianceExplained = Number(root["variance_explained"] ?? meta?["variance_explained"]),
        };
    }

    /// <summary>A finite JSON number, or null (absent, null, or anything else: these are only hints for a check).</summary>
    private static double? Number(JToken? t)
    {
        if (t?.Type is not (JTokenType.Integer or JTokenType.Float)) return null;
        try { return (double)t is var v && double.IsFinite(v) ? v : null; }
        catch (Exception e) when (e is InvalidCastException or OverflowException) { return null; }
    }

    private static string? HookOf(JObject root) =>
        Text((root["metadata"] as JObject)?["hook_name"]) ?? Text(root["hook_name"]) ?? Text(root["hook_point"]);

    private static JObject ReadJson(string cfgPath, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = SafeFile.ReadAllBytes(cfgPath, problem => new DirectionLoadException(cfgPath, $"SAELens config {problem}"),
                FileBytes.MaxConfigBytes, cancellationToken);
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(bytes)))
            {
                DateParseHandling = DateParseHandling.None,
                MaxDepth = JsonErrors.MaxNesting,
            };
            return JToken.ReadFrom(reader) as JObject
                ?? throw new DirectionLoadException(cfgPath, "SAELens config is not a JSON object");
        }
        catch (JsonReaderException e)
        {
            throw new DirectionLoadException(cfgPath, $"bad SAELens config JSON: {JsonErrors.Describe(e)}", e);
        }
        catch (JsonException e)
        {
            throw new DirectionLoadException(cfgPath, "bad SAELens config JSON", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DirectionLoadException(cfgPath, $"cannot read SAELens config: {Echo.Input(e.Message, Echo.MaxOriginChars)}", e);
        }
    }

    private static string? Text(JToken? t) => t?.Type == JTokenType.String ? (string?)t : null;

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static long? Integer(JToken? t, string name, Func<string, Exception> fail)
    {
        if (t is null || t.Type == JTokenType.Null) return null;
        if (t.Type != JTokenType.Integer) throw fail($"has a '{name}' that is not an integer");
        long v;
        try { v = (long)t; } catch (OverflowException) { throw fail($"has a '{name}' that is too large"); }
        if (v < 1) throw fail($"has {name} {v}; it must be at least 1");
        return v;
    }

    private static bool? Boolean(JToken? t, string name, Func<string, Exception> fail) => t switch
    {
        null or { Type: JTokenType.Null } => null,
        { Type: JTokenType.Boolean } => (bool)t,
        _ => throw fail($"has a '{name}' that is not true or false"),
    };
}
