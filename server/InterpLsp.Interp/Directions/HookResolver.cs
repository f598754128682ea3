namespace InterpLsp.Interp.Directions;

/// <summary>The hook a file's vector belongs to and that hook's width, known before any vector data is read:
/// @HOOK in the spec, else the hook the file declares, else the SAELens cfg.json beside it, else the default.</summary>
internal sealed class HookResolver(string origin, string? hookOverride, Func<string?> saeLensHook, string? defaultHook, Func<string, int> widthOfHook)
{
    private (string? FileHook, string Hook, int Width)? _last;

    public bool HasOverride => hookOverride is not null;

    /// <summary>The hook and width for a file that declares <paramref name="fileHook"/> (null: none); throws a
    /// <see cref="DirectionLoadException"/> when there is no hook or it is unknown.</summary>
    public (string Hook, int Width) Resolve(string? fileHook)
    {
        if (_last is { } l && l.FileHook == fileHook) return (l.Hook, l.Width);
        var hook = hookOverride ?? fileHook ?? saeLensHook() ?? defaultHook;
        if (string.IsNullOrWhiteSpace(hook))
            throw new DirectionLoadException(origin, "no hook: the file names none; add @HOOK to the spec, e.g. @blocks.3.hook_resid_post");
        int width = DirectionValidator.WidthOf(origin, hook, widthOfHook);
        _last = (fileHook, hook, width);
        return (hook, width);
    }

    /// <summary>As <see cref="Resolve"/>, but null instead of an error (for a guess made before the file is fully read).</summary>
    public (string Hook, int Width)? TryResolve(string? fileHook)
    {
        try { return Resolve(fileHook); }
        catch (DirectionLoadException) { return null; }
    }
}
