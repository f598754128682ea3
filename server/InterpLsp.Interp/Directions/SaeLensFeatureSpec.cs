using InterpLsp.Interp.IO;
namespace InterpLsp.Interp.Directions;

/// <summary>
/// The spec <c>SAEDIR#feature[I]</c>, <c>SAEDIR#feature[I,J,...]</c> or <c>SAEDIR#feature</c> (SAEDIR an SAELens folder or
/// its <c>sae_weights.safetensors</c>, with <c>cfg.json</c> beside it): SAE features as <see cref="DirectionKind.SaeFeature"/>
/// directions, read by <see cref="SaeLensFolder"/>. The hook is <c>@HOOK</c>, else the cfg's, else the default; the SAE's
/// d_in must be that hook's width (checked before any tensor data is read). Options after '?' in the selector
/// (<c>SAEDIR#feature[I]?raw-units</c>) are <see cref="SaeReadOptions"/>.
/// </summary>
internal static class SaeLensFeatureSpec
{
    public const string SelectorName = "feature";

    /// <summary>True for <c>#feature...</c> on a file with an SAELens cfg.json beside it (a plain safetensors file with
    /// a tensor named "feature" keeps its meaning).</summary>
    public static bool Matches(FileSpec f) =>
        f.Selector.Name == SelectorName
        && File.Exists(Path.Combine(Path.GetDirectoryName(f.FullPath) ?? ".", SaeLensConfig.FileName));

    /// <param name="text">The whole spec: the Id of a single feature.</param>
    /// <param name="stem">The folder's name, for each feature's Name (<c>stem#feature[I]</c>).</param>
    public static IReadOnlyList<Direction> Load(string text, FileSpec f, Func<string, int> widthOfHook, string? defaultHook, string stem,
        CancellationToken cancellationToken)
    {
        var origin = f.DisplayPath;
        IReadOnlyList<int>? features = f.Selector.Rows ?? (f.Selector.Row is int r ? [r] : null);
        bool single = features is { Count: 1 };
        var options = SaeReadOptions.Parse(origin, f.Options);
        var suffix = options.Suffix() + (f.HookOverride is { } h ? "@" + h : "");
        return SaeLensFolder.Read(origin, f.FullPath, features, options,
            (cfg, dIn) =>
            {
                var hook = f.HookOverride ?? cfg.Hook ?? defaultHook;
                if (string.IsNullOrWhiteSpace(hook))
                    throw new DirectionLoadException(origin, "no hook: the SAELens config names none; add @HOOK to the spec, e.g. @blocks.3.hook_resid_post");
                int width = DirectionValidator.WidthOf(origin, hook, widthOfHook);
                if (dIn != width)
                    throw new DirectionLoadException(origin,
                        $"SAE input width d_in {dIn} does not match width {width} of hook '{Echo.Input(hook)}'");
                return hook;
            },
            i => (single ? text : $"{origin}#{SelectorName}[{i}]{suffix}", $"{stem}#{SelectorName}[{i}]"),
            cancellationToken);
    }
}
