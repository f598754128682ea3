namespace InterpLsp.Analysis.ActivationStore;

/// <summary>Where interp-lsp keeps what can be recomputed: <c>$INTERP_LSP_CACHE</c> when set, else
/// <c>$XDG_CACHE_HOME/interp-lsp</c>, else <c>~/.cache/interp-lsp</c>.</summary>
public static class CacheDirectory
{
    public static string Root()
    {
        if (Environment.GetEnvironmentVariable("INTERP_LSP_CACHE") is { Length: > 0 } own) return Path.GetFullPath(own);
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(Path.GetFullPath(xdg), "interp-lsp");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "interp-lsp");
    }

    public static string Activations() => Path.Combine(Root(), "activations");
    public static string Scans() => Path.Combine(Root(), "scans");
}
