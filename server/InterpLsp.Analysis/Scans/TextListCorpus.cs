using System.Security.Cryptography;
using System.Text;
using InterpLsp.Analysis.Corpora;

namespace InterpLsp.Analysis.Scans;

/// <summary>A corpus held in memory: a list of documents (texts given by the caller, open editor documents).
/// Keys must be unique.</summary>
public sealed class TextListCorpus : ICorpus
{
    private readonly IReadOnlyList<CorpusDocument> _documents;

    public TextListCorpus(string id, IReadOnlyList<CorpusDocument> documents)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in documents)
            if (!keys.Add(d.Key)) throw new ArgumentException($"corpus {id}: the key '{d.Key}' appears twice");
        Id = id;
        _documents = documents;
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var d in documents)
        {
            h.AppendData(Encoding.UTF8.GetBytes($"{d.Key.Length}:{d.Key}{d.Text.Length}:"));
            h.AppendData(Encoding.UTF8.GetBytes(d.Text));
        }
        Hash = Convert.ToHexString(h.GetHashAndReset(), 0, 16).ToLowerInvariant();
    }

    /// <summary>Texts keyed by their index (<c>0</c>, <c>1</c>, ...).</summary>
    public static TextListCorpus FromTexts(string id, IEnumerable<string> texts) =>
        new(id, texts.Select((t, i) => new CorpusDocument(i.ToString(System.Globalization.CultureInfo.InvariantCulture), t)).ToList());

    public string Id { get; }
    public string Hash { get; }
    public IReadOnlyList<string> Skipped => Array.Empty<string>();
    public int Count => _documents.Count;

    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellation = default)
    {
        foreach (var d in _documents)
        {
            cancellation.ThrowIfCancellationRequested();
            yield return d;
        }
    }
}
