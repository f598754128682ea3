namespace InterpLsp.Interp.Directions;

/// <summary>
/// Turns a <c>--direction SPEC</c> string into a validated <see cref="Direction"/>.
/// <code>
/// neuron:HOOK:INDEX            one MLP (or any) neuron, e.g. neuron:blocks.3.mlp.hook_post:123
/// neuron:INDEX                 same, at the default hook
/// PATH[#SELECTOR][@HOOK]       a vector from a .json, .npy or .safetensors file (or a SAELens folder)
///   SELECTOR = ROW | [ROW] | NAME | NAME[ROW]   (0-based ROW of a 2-D array; NAME of a safetensors tensor)
///   e.g. sae/sae_weights.safetensors#W_dec[12]   probe.safetensors#w   acts.npy#3@blocks.5.hook_resid_post
/// </code>
/// The hook is, in order: @HOOK in the spec; the one the file declares (JSON "hook"/"hook_point",
/// safetensors __metadata__ hook_name, SAELens cfg.json next to the file); the default hook.
/// Every failure is a <see cref="DirectionLoadException"/> whose message is one line naming the file.
/// </summary>
public static class DirectionSpecParser
{
    public static Direction Load(string spec, Func<string, int> widthOfHook, string? defaultHook) =>
        Load(spec, widthOfHook, defaultHook, baseDirectory: null);

    /// <param name="baseDirectory">Folder that relative paths are resolved against (null: the current directory).</param>
    public static Direction Load(string spec, Func<string, int> widthOfHook, string? defaultHook, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(widthOfHook);
        var text = (spec ?? "").Trim();
        if (text.Length == 0)
            throw new DirectionLoadException("--direction", "empty direction spec");
        return NeuronSpec.Matches(text)
            ? LoadNeuron(text, widthOfHook, defaultHook)
            : LoadFile(text, widthOfHook, defaultHook, baseDirectory);
    }

    private static Direction LoadNeuron(string text, Func<string, int> widthOfHook, string? defaultHook)
    {
        var n = NeuronSpec.Parse(text, defaultHook);
        int width = DirectionValidator.WidthOf(text, n.Hook, widthOfHook);
        if (n.Index >= width)
            throw new DirectionLoadException(text, $"neuron index {n.Index} is out of range: hook '{n.Hook}' has {width} neurons");
        var oneHot = new float[width];
        oneHot[n.Index] = 1;
        return new Direction($"neuron:{n.Hook}:{n.Index}", $"neuron {n.Index} ({n.Hook})", n.Hook, oneHot,
            DirectionKind.Neuron, NeuronIndex: n.Index);
    }

    private static Direction LoadFile(string text, Func<string, int> widthOfHook, string? defaultHook, string? baseDirectory)
    {
        var f = FileSpec.Parse(text, baseDirectory);
        var origin = f.DisplayPath;
        var raw = Read(f);

        var hook = f.HookOverride ?? raw.Hook ?? SaeLensHook(f) ?? defaultHook;
        if (string.IsNullOrWhiteSpace(hook))
            throw new DirectionLoadException(origin, "no hook: the file names none; add @HOOK to the spec, e.g. @blocks.3.hook_resid_post");

        int width = DirectionValidator.WidthOf(origin, hook, widthOfHook);
        DirectionValidator.Check(origin, raw.Values, hook, width);
        var kind = raw.Kind ?? DirectionKind.Projection;
        float bias = raw.Bias ?? 0, scale = raw.Scale ?? 1;
        DirectionValidator.CheckFinite(origin, "bias", bias);
        DirectionValidator.CheckFinite(origin, "scale", scale);

        return new Direction(text, raw.Name ?? DefaultName(f), hook, raw.Values, kind, bias, scale, f.FullPath);
    }

    private static RawVector Read(FileSpec f)
    {
        var origin = f.DisplayPath;
        try
        {
            return Path.GetExtension(f.FullPath).ToLowerInvariant() switch
            {
                ".json" => JsonDirectionReader.Read(origin, f.FullPath, f.Selector),
                ".npy" => NpyReader.Read(origin, f.FullPath, f.Selector),
                ".safetensors" => SafetensorsReader.Read(origin, f.FullPath, f.Selector),
                var ext => throw new DirectionLoadException(origin,
                    $"unknown file type '{ext}'; expected .json, .npy or .safetensors"),
            };
        }
        catch (OverflowException e)
        {
            throw new DirectionLoadException(origin, "array sizes in the header are too large", e);
        }
    }

    private static string? SaeLensHook(FileSpec f) =>
        f.FullPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SaeLensConfig.HookBeside(f.FullPath) : null;

    /// <summary>File stem (or SAELens folder name) plus the selector, e.g. "my_sae#W_dec[12]".</summary>
    private static string DefaultName(FileSpec f)
    {
        var stem = Path.GetFileName(f.FullPath) == SaeLensConfig.WeightsFileName
            ? Path.GetFileName(Path.GetDirectoryName(f.FullPath)) ?? "sae"
            : Path.GetFileNameWithoutExtension(f.FullPath);
        return f.Selector.IsEmpty ? stem : $"{stem}#{f.Selector}";
    }
}
