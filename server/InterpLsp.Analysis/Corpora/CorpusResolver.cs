using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Corpora;

/// <summary>Turns a corpus spec (the CLI's <c>--corpus</c>, the LSP scan's parameter) into a corpus:
/// <c>default</c> (the WordNet sample), <c>all</c> (the whole WordNet corpus), a folder, or a <c>.jsonl</c> file;
/// none: the workspace folder when there is one, else the default sample.</summary>
public static class CorpusResolver
{
    /// <summary>What a spec may be, for error messages.</summary>
    public const string AcceptedForms = "'default' (a sample of the WordNet 3.1 corpus), 'all' (the whole of it), a folder, or a .jsonl file";

    /// <summary>The corpus <paramref name="spec"/> names. Relative paths and <c>~/</c> are resolved against
    /// <paramref name="workspaceRoot"/> (else the current folder) and the home folder.</summary>
    /// <exception cref="ArgumentException">The spec names nothing usable (the message names it and the accepted forms),
    /// or the default corpus is not prepared.</exception>
    public static ICorpus Open(string? spec, string? workspaceRoot = null,
                               int sampleSize = DefaultCorpus.DefaultSampleSize, int seed = DefaultCorpus.DefaultSeed)
    {
        spec = spec?.Trim();
        if (string.IsNullOrEmpty(spec))
            return workspaceRoot is { Length: > 0 } ? new FolderCorpus(workspaceRoot) : DefaultCorpus.Sample(sampleSize, seed);
        if (spec.Equals("default", StringComparison.OrdinalIgnoreCase)) return DefaultCorpus.Sample(sampleSize, seed);
        if (spec.Equals("all", StringComparison.OrdinalIgnoreCase)) return DefaultCorpus.All();

        string path = spec;
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        path = Path.GetFullPath(path, workspaceRoot is { Length: > 0 } ? Path.GetFullPath(workspaceRoot) : Directory.GetCurrentDirectory());

        if (Directory.Exists(path)) return new FolderCorpus(path);
        bool jsonl = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
        if (jsonl && File.Exists(path)) return new JsonlCorpus(path);
        string why = jsonl ? "no such file" : File.Exists(path) ? "a file that is not .jsonl" : "no such file or folder";
        throw new ArgumentException($"corpus {Echo.Origin(spec)}: {why} ({Echo.Origin(path)}); a corpus is {AcceptedForms}");
    }
}
