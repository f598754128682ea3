using InterpLsp.Interp.IO;
namespace InterpLsp.Interp.Directions;

/// <summary>
/// A file spec: <c>PATH[#SELECTOR[?OPTION,...]][@HOOK]</c>. PATH may be a SAELens folder (its sae_weights.safetensors
/// is used). When the whole text names an existing file it is taken literally, so paths containing '#' or '@' still work.
/// The options (after '?' in the selector) are in <see cref="Options"/>; only SAE features take any (<see cref="SaeReadOptions"/>).
/// </summary>
internal sealed record FileSpec(string DisplayPath, string FullPath, TensorSelector Selector, string? HookOverride)
{
    /// <summary>The options after '?' in the selector, as written (empty: none).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public static FileSpec Parse(string text, string? baseDirectory)
    {
        string Full(string p) => Path.GetFullPath(p, baseDirectory ?? Directory.GetCurrentDirectory());
        bool Exists(string p) => File.Exists(Full(p)) || Directory.Exists(Full(p));

        string rest = text;
        string? hook = null, selector = null;
        string[] options = [];
        if (!Exists(rest))
        {
            int at = rest.LastIndexOf('@');
            if (at >= 0 && rest.IndexOfAny(['/', '\\'], at) < 0)
            {
                hook = rest[(at + 1)..].Trim();
                rest = rest[..at];
                if (hook.Length == 0)
                    throw new DirectionLoadException(text, "empty hook after '@'");
            }
            int hash = rest.LastIndexOf('#');
            if (hash >= 0 && !Exists(rest) && rest.IndexOfAny(['/', '\\'], hash) < 0)
            {
                selector = rest[(hash + 1)..];
                rest = rest[..hash];
            }
            int q = selector?.IndexOf('?') ?? -1;
            if (q >= 0)
            {
                options = selector![(q + 1)..].Split(',');
                selector = selector[..q];
                if (options.Any(o => o.Trim().Length == 0))
                    throw new DirectionLoadException(text, "empty option after '?'");
            }
        }
        if (rest.Length == 0)
            throw new DirectionLoadException(text, "no file path in the direction spec");

        var full = Full(rest);
        if (Directory.Exists(full))
        {
            var weights = Path.Combine(full, SaeLensConfig.WeightsFileName);
            if (!File.Exists(weights))
                throw new DirectionLoadException(rest, $"is a folder without {SaeLensConfig.WeightsFileName}; give a file");
            rest = Path.Combine(rest, SaeLensConfig.WeightsFileName);
            full = weights;
        }
        if (!File.Exists(full))
            throw new DirectionLoadException(rest, $"file not found (looked for {Echo.Origin(full)})");
        return new FileSpec(rest, full, TensorSelector.Parse(rest, selector), hook) { Options = options };
    }
}
