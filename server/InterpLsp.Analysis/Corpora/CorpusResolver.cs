using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>What a corpus spec may refer to besides itself: the workspace folder, which <c>workspace</c> names and
/// relative paths are resolved against (null: there is none, as on the command line; relative paths are then
/// resolved against the current folder).</summary>
/// <param name="WorkspaceRoot">The workspace folder (the editor's open folder), or null.</param>
public sealed record CorpusContext(string? WorkspaceRoot)
{
    /// <summary>No workspace folder: the command line's context.</summary>
    public static CorpusContext None { get; } = new((string?)null);
}

/// <summary>Turns a corpus spec (the CLI's <c>--corpus</c>, the LSP's <c>corpus</c> argument) into a corpus; the one
/// place that says what a spec means, for every front door:
/// <list type="bullet">
/// <item><c>default</c>: the fixed sample of the Brown Corpus (<see cref="BrownCorpus.Sample"/>, natural edited English);</item>
/// <item><c>brown</c> and <c>all</c>: the whole Brown Corpus (all 500 texts);</item>
/// <item><c>wordnet</c>: the fixed sample of the WordNet 3.1 glosses (<see cref="WordNetCorpus.Sample"/>, dictionary
/// definitions: the default corpus until issue 17); <c>wordnet-all</c>: all of them;</item>
/// <item><c>workspace</c>: the text files of the context's workspace folder (an error when the context has none);</item>
/// <item>a folder (its text files), or a <c>.jsonl</c> file of texts: relative paths against the workspace folder
/// (else the current folder), <c>~/</c> against the home folder.</item>
/// </list>
/// The keywords are case-insensitive and white space around a spec is ignored.
/// <para><b>An absent spec</b> (null, empty or white space) <b>means <c>default</c></b>, the default sample, in every
/// context: with a workspace folder too (the workspace is a corpus only when <c>workspace</c> names it).
/// <see cref="WhenAbsent"/> is that spec.</para></summary>
public static class CorpusResolver
{
    /// <summary>What a spec may be, for error messages.</summary>
    public const string AcceptedForms = "'default' (a sample of the Brown Corpus), 'brown' or 'all' (the whole of it), "
        + "'wordnet' (a sample of the WordNet 3.1 glosses), 'wordnet-all' (all of them), "
        + "'workspace' (the workspace folder's text files), a folder, or a .jsonl file";

    /// <summary>The spec an absent one stands for: <c>default</c>, the default sample.</summary>
    public const string WhenAbsent = "default";

    /// <summary>Whether <paramref name="spec"/> is absent (null, empty or white space), and so means <see cref="WhenAbsent"/>.</summary>
    public static bool IsAbsent(string? spec) => string.IsNullOrWhiteSpace(spec);

    /// <summary>The corpus <paramref name="spec"/> names in <paramref name="context"/> (null: <see cref="CorpusContext.None"/>);
    /// an absent spec is <see cref="WhenAbsent"/>. <paramref name="sampleSize"/> (null: the corpus's own default size) and
    /// <paramref name="seed"/> choose the sample of <c>default</c> (Brown sentences) and of <c>wordnet</c> (WordNet sentences).</summary>
    /// <exception cref="ArgumentException">The spec names nothing usable (the message names it and the accepted forms),
    /// <c>workspace</c> without a workspace folder, or the named prepared corpus is missing.</exception>
    public static ICorpus Open(string? spec, CorpusContext? context = null,
                               int? sampleSize = null, int seed = BrownCorpus.DefaultSeed)
    {
        context ??= CorpusContext.None;
        var root = context.WorkspaceRoot is { Length: > 0 } r ? Path.GetFullPath(r) : null;
        spec = IsAbsent(spec) ? WhenAbsent : spec!.Trim();
        if (spec.Equals("default", StringComparison.OrdinalIgnoreCase))
            return BrownCorpus.Sample(sampleSize ?? BrownCorpus.DefaultSampleSize, seed);
        if (spec.Equals("brown", StringComparison.OrdinalIgnoreCase) || spec.Equals("all", StringComparison.OrdinalIgnoreCase))
            return BrownCorpus.All();
        if (spec.Equals("wordnet", StringComparison.OrdinalIgnoreCase))
            return WordNetCorpus.Sample(sampleSize ?? WordNetCorpus.DefaultSampleSize, seed);
        if (spec.Equals("wordnet-all", StringComparison.OrdinalIgnoreCase)) return WordNetCorpus.All();
        if (spec.Equals("workspace", StringComparison.OrdinalIgnoreCase))
            return new FolderCorpus(root ?? throw new ArgumentException(
                "corpus 'workspace': there is no workspace folder (open a folder first: the workspace corpus is its text files), "
                + "or name the folder by its path"));

        string path = spec;
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        path = Path.GetFullPath(path, root ?? Directory.GetCurrentDirectory());

        if (Directory.Exists(path)) return new FolderCorpus(path);
        bool jsonl = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
        if (jsonl && File.Exists(path)) return new JsonlCorpus(path);
        string why = jsonl ? "no such file" : File.Exists(path) ? "a file that is not .jsonl" : "no such file or folder";
        throw new ArgumentException($"corpus {Echo.Origin(spec)}: {why} ({Echo.Origin(path)}); a corpus is {AcceptedForms}");
    }
}
