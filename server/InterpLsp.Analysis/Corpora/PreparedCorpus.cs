using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>
/// What the corpora prepared at build time and shipped beside the server share (the Brown Corpus, the WordNet glosses):
/// the prepared file (checked when the corpus is made), whole or a fixed sample (<see cref="SampleSize"/> documents by
/// <see cref="StableSample"/> under <see cref="Seed"/>), the content hash, and no skipped files (a broken line in the
/// build's own file throws). Each subclass reads its own format.
/// </summary>
public abstract class PreparedCorpus : ICorpus
{
    private string? _hash;

    /// <param name="what">What it is, for messages ("Brown corpus").</param>
    /// <param name="pathVariable">The environment variable that names another prepared file.</param>
    /// <param name="fileWhat">What that variable must name, for the message ("prepared Brown corpus file").</param>
    protected PreparedCorpus(string path, int? sampleSize, int seed, string what, string pathVariable, string fileWhat)
    {
        if (SafeFile.Problem(path) is { } problem)
            throw new ArgumentException($"the {what} {Echo.Origin(path)} {problem}; run ./setup.sh to prepare it"
                + $" (or set {pathVariable} to a {fileWhat})");
        FilePath = path;
        SampleSize = sampleSize;
        Seed = seed;
    }

    /// <summary>Where a prepared file is: <paramref name="pathVariable"/> when set, else <c>corpus/</c> beside the server.</summary>
    protected static string Locate(string fileName, string pathVariable) =>
        Environment.GetEnvironmentVariable(pathVariable) is { Length: > 0 } p
            ? Path.GetFullPath(p)
            : Path.Combine(AppContext.BaseDirectory, "corpus", fileName);

    /// <summary>The prepared file read.</summary>
    public string FilePath { get; }
    /// <summary>Documents in the sample; null for the whole corpus.</summary>
    public int? SampleSize { get; }
    /// <summary>The sample's seed.</summary>
    public int Seed { get; }

    public abstract string Id { get; }

    public string Hash => _hash ??= CorpusDigest.Of(Documents());

    /// <summary>Always empty: the prepared file is the build's own; a broken line in it throws.</summary>
    public IReadOnlyList<string> Skipped => [];

    public abstract IEnumerable<CorpusDocument> Documents(CancellationToken cancellation = default);
}
