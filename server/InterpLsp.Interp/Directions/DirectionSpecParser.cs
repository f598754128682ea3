using InterpLsp.Interp.IO;
namespace InterpLsp.Interp.Directions;

/// <summary>
/// Turns a <c>--direction SPEC</c> string into a validated <see cref="Direction"/>.
/// <code>
/// neuron:HOOK:INDEX            one MLP (or any) neuron, e.g. neuron:blocks.3.mlp.hook_post:123
/// neuron:INDEX                 same, at the default hook
/// PATH[#SELECTOR][@HOOK]       a vector from a .json, .npy or .safetensors file (or a SAELens folder)
///   SELECTOR = ROW | [ROW] | NAME | NAME[ROW]   (0-based ROW of a 2-D array; NAME of a safetensors tensor)
///   e.g. sae/sae_weights.safetensors#W_dec[12]   probe.safetensors#w   acts.npy#3@blocks.5.hook_resid_post
/// SAEDIR#feature[I][@HOOK]     SAE feature I of an SAELens folder (cfg.json + sae_weights.safetensors) as the SAE
///                              computes it (kind SaeFeature, see SaeLensFolder), e.g. sae#feature[12]
/// SAEDIR#feature[I,J,...]      several features (LoadAll only); SAEDIR#feature: all, if the SAE has at most 64
/// SAEDIR#feature[I]?OPTIONS[@HOOK]   with options, comma-separated (see SaeReadOptions):
///   raw-units       activations as trained; by default decoder norms are folded into the encoder as Neuronpedia
///                   serves SAEs (SAELens fold_W_dec_norm: W_enc[:, i], b_enc[i] and a jumprelu threshold times
///                   |W_dec[i]|, W_dec[i] of unit norm), so values are in Neuronpedia's units
///   raw-input       read the raw residual even when cfg.json asks for center_writing_weights (Neuronpedia's live server)
///   centered-input  read h - mean(h) (per token) at residual hooks even when cfg.json does not say so
///   e.g. gpt2-res-jb/blocks.8.hook_resid_pre#feature[16899]?raw-units,raw-input
/// entropy | surprisal          a causal model's own next-token entropy, or the token's surprisal -ln p(token |
///                              tokens before), in nats (= neuron:next_token:0 and :1)
/// </code>
/// <c>#W_dec[ROW]</c> (or <c>#ROW</c>) of the same folder stays the decoder row as a projection direction <c>h . d / |d|</c>.
/// The hook is, in order: @HOOK in the spec; the one the file declares (JSON "hook"/"hook_point",
/// safetensors __metadata__ hook_name, SAELens cfg.json next to the file); the default hook.
/// Every failure is a <see cref="DirectionLoadException"/> whose message is one line naming the file.
/// </summary>
public static class DirectionSpecParser
{
    public static Direction Load(string spec, Func<string, int> widthOfHook, string? defaultHook) =>
        Load(spec, widthOfHook, defaultHook, baseDirectory: null);

    /// <param name="baseDirectory">Folder that relative paths are resolved against (null: the current directory).</param>
    /// <param name="cancellationToken">Checked between the chunks of every read; a cancelled load throws <see cref="OperationCanceledException"/>.</param>
    /// <remarks>Only regular files are read (a FIFO, a device or a link to one is refused before it is opened); sizes in
    /// headers are checked against the file before anything is allocated; the hook's width is known before vector data is read.</remarks>
    public static Direction Load(string spec, Func<string, int> widthOfHook, string? defaultHook, string? baseDirectory,
        CancellationToken cancellationToken = default)
    {
        var all = LoadAll(spec, widthOfHook, defaultHook, baseDirectory, cancellationToken);
        if (all.Count != 1)
            throw new DirectionLoadException(spec.Trim(),
                $"selects {all.Count} SAE features; one direction per spec here: give one, e.g. #feature[{all[0].Sae!.FeatureIndex}]");
        return all[0];
    }

    /// <summary>As <see cref="Load(string, Func{string, int}, string?, string?, CancellationToken)"/>, for a spec that may
    /// stand for several directions (<c>SAEDIR#feature[3,17]</c>, <c>SAEDIR#feature</c>); every other spec gives one.</summary>
    public static IReadOnlyList<Direction> LoadAll(string spec, Func<string, int> widthOfHook, string? defaultHook, string? baseDirectory,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(widthOfHook);
        var text = (spec ?? "").Trim();
        if (text.Length == 0)
            throw new DirectionLoadException("--direction", "empty direction spec");
        if (NextTokenSpecs.TryGetValue(text, out var next)) return [LoadNextToken(text, next.Index, next.Name, widthOfHook)];
        return NeuronSpec.Matches(text)
            ? [LoadNeuron(text, widthOfHook, defaultHook)]
            : LoadFile(text, widthOfHook, defaultHook, baseDirectory, cancellationToken);
    }

    /// <summary>The hook a causal model offers its next-token distribution at: per token [entropy, surprisal] in nats.</summary>
    public const string NextTokenHook = "next_token";

    /// <summary>The spec words for the two values at <see cref="NextTokenHook"/>.</summary>
    public static readonly IReadOnlyDictionary<string, (int Index, string Name)> NextTokenSpecs =
        new Dictionary<string, (int, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["entropy"] = (0, "entropy (nats)"),
            ["surprisal"] = (1, "surprisal (nats)"),
        };

    private static Direction LoadNextToken(string text, int index, string name, Func<string, int> widthOfHook)
    {
        int width;
        try { width = widthOfHook(NextTokenHook); }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            throw new DirectionLoadException(text,
                "needs a causal language model's next-token distribution; the active model has none (it is not causal): choose one with --model or interp.model", e);
        }
        var oneHot = new float[width];
        oneHot[index] = 1;
        return new Direction($"neuron:{NextTokenHook}:{index}", name, NextTokenHook, oneHot, DirectionKind.Neuron, NeuronIndex: index);
    }

    private static Direction LoadNeuron(string text, Func<string, int> widthOfHook, string? defaultHook)
    {
        var n = NeuronSpec.Parse(text, defaultHook);
        int width = DirectionValidator.WidthOf(text, n.Hook, widthOfHook);
        if (n.Index >= width)
            throw new DirectionLoadException(text,
                $"neuron index {n.IndexText} is out of range 0..{width - 1}: hook '{Echo.Input(n.Hook)}' has {width} neurons");
        int index = (int)n.Index;
        var oneHot = new float[width];
        oneHot[index] = 1;
        return new Direction($"neuron:{n.Hook}:{index}", $"neuron {index} ({n.Hook})", n.Hook, oneHot,
            DirectionKind.Neuron, NeuronIndex: index);
    }

    private static IReadOnlyList<Direction> LoadFile(string text, Func<string, int> widthOfHook, string? defaultHook, string? baseDirectory,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var f = FileSpec.Parse(text, baseDirectory);
        var origin = f.DisplayPath;
        if (SaeLensFeatureSpec.Matches(f))
            return SaeLensFeatureSpec.Load(text, f, widthOfHook, defaultHook, DefaultName(f with { Selector = TensorSelector.None }), cancellationToken);
        if (f.Options.Count > 0)
            throw new DirectionLoadException(origin,
                $"options after '?' apply only to #feature[...] of an SAELens folder (with {SaeLensConfig.FileName})");
        if (f.Selector.Rows is not null)
            throw new DirectionLoadException(origin,
                $"a list of rows '#{f.Selector}' applies only to #feature[...] of an SAELens folder (with {SaeLensConfig.FileName})");
        string? saeHook = null;
        bool saeRead = false;
        var hooks = new HookResolver(origin, f.HookOverride, () =>
        {
            if (!saeRead) { saeHook = SaeLensHook(f, cancellationToken); saeRead = true; }
            return saeHook;
        }, defaultHook, widthOfHook);
        var raw = Read(f, hooks, cancellationToken);

        var (hook, width) = hooks.Resolve(raw.Hook);
        DirectionValidator.Check(origin, raw.Values, hook, width);
        var kind = raw.Kind ?? DirectionKind.Projection;
        float bias = raw.Bias ?? 0, scale = raw.Scale ?? 1;
        DirectionValidator.CheckFinite(origin, "bias", bias);
        DirectionValidator.CheckFinite(origin, "scale", scale);

        return [new Direction(text, raw.Name ?? DefaultName(f), hook, raw.Values, kind, bias, scale, f.FullPath) { DeclaredModel = raw.Model }];
    }

    private static RawVector Read(FileSpec f, HookResolver hooks, CancellationToken cancellationToken)
    {
        var origin = f.DisplayPath;
        try
        {
            return Path.GetExtension(f.FullPath).ToLowerInvariant() switch
            {
                ".json" => JsonDirectionReader.Read(origin, f.FullPath, f.Selector, hooks, cancellationToken),
                ".npy" => NpyReader.Read(origin, f.FullPath, f.Selector, hooks, cancellationToken),
                ".safetensors" => SafetensorsReader.Read(origin, f.FullPath, f.Selector, hooks, cancellationToken),
                var ext => throw new DirectionLoadException(origin,
                    $"unknown file type '{Echo.Input(ext)}'; expected .json, .npy or .safetensors"),
            };
        }
        catch (OverflowException e)
        {
            throw new DirectionLoadException(origin, "array sizes in the header are too large", e);
        }
    }

    private static string? SaeLensHook(FileSpec f, CancellationToken cancellationToken) =>
        f.FullPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SaeLensConfig.HookBeside(f.FullPath, cancellationToken) : null;

    /// <summary>File stem (or SAELens folder name) plus the selector, e.g. "my_sae#W_dec[12]".</summary>
    private static string DefaultName(FileSpec f)
    {
        var stem = Path.GetFileName(f.FullPath) == SaeLensConfig.WeightsFileName
            ? Path.GetFileName(Path.GetDirectoryName(f.FullPath)) ?? "sae"
            : Path.GetFileNameWithoutExtension(f.FullPath);
        return f.Selector.IsEmpty ? stem : $"{stem}#{f.Selector}";
    }
}
