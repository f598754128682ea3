using System.Numerics.Tensors;
using InterpLsp.Analysis.ActivationStore;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Explain.Evidence;

/// <summary>
/// The evidence explanations are computed from: every token of a corpus whose hidden states at one hook are in
/// the activation store, as a <see cref="TokenTable"/>, with the states read on demand, so that any direction at
/// that hook (the one explained, random ones for the null, planted ones for the evaluation) gets its value on
/// every token in one pass over the stored rows.
/// </summary>
public sealed class ExplainEvidence : IDisposable
{
    private const int RowsPerRead = 2048;
    private readonly StoredActivations _states;
    private readonly long[] _rowOfDoc;

    private ExplainEvidence(StoredActivations states, TokenTable table, long[] rowOfDoc, bool[] heldOut, string corpusId, string corpusHash,
        CorpusGenre?[] genres)
    {
        _states = states; Table = table; _rowOfDoc = rowOfDoc; HeldOutDoc = heldOut; CorpusId = corpusId; CorpusHash = corpusHash; DocGenre = genres;
    }

    public TokenTable Table { get; }
    /// <summary>Per document of <see cref="Table"/>: true when it is in the held-out (scoring) half.</summary>
    public bool[] HeldOutDoc { get; }
    /// <summary>Per document of <see cref="Table"/>: the genre of the text it comes from, where the corpus says (the Brown
    /// Corpus); null elsewhere.</summary>
    public CorpusGenre?[] DocGenre { get; }
    /// <summary>True when some document has a genre.</summary>
    public bool HasGenres => DocGenre.Any(g => g is not null);
    public string CorpusId { get; }
    public string CorpusHash { get; }
    public string Hook => _states.Meta.Hook;
    public string ModelId => _states.Meta.ModelId;
    public int Width => _states.Meta.Width;

    /// <summary>True when token <paramref name="t"/> is in the held-out half.</summary>
    public bool IsHeldOut(int t) => HeldOutDoc[Table.Doc[t]];

    /// <summary>Opens the evidence over a complete store entry; <paramref name="texts"/> gives each stored
    /// document's text by key (documents without one are left out, with a count in <paramref name="warnings"/>),
    /// <paramref name="genres"/> the genre of those that have one.</summary>
    public static ExplainEvidence Open(StoredActivations states, IReadOnlyDictionary<string, string> texts, string corpusId, string corpusHash, List<string> warnings,
        IReadOnlyDictionary<string, CorpusGenre>? genres = null)
    {
        var docs = new List<(string, string, int[], int[])>(states.Documents.Count);
        var rows = new List<long>(states.Documents.Count);
        int missing = 0;
        foreach (var d in states.Documents)
        {
            if (d.Tokens.Length == 0) continue;
            if (!texts.TryGetValue(d.Key, out var text)) { missing++; continue; }
            docs.Add((d.Key, text, d.Starts, d.Ends));
            rows.Add(d.FirstRow);
        }
        if (missing > 0) warnings.Add($"{missing} stored document(s) are no longer in the corpus and were left out");
        var table = TokenTable.Build(docs);
        var heldOut = table.DocKeys.Select(TokenTable.IsHeldOut).ToArray();
        var docGenre = table.DocKeys.Select(k => genres is not null && genres.TryGetValue(k, out var g) ? g : null).ToArray();
        return new ExplainEvidence(states, table, rows.ToArray(), heldOut, corpusId, corpusHash, docGenre);
    }

    /// <summary>The value of each direction on every token (one array per direction), in one pass over the rows.</summary>
    public float[][] Values(IReadOnlyList<Direction> directions, CancellationToken cancellation = default)
    {
        var projectors = directions.Select(d =>
        {
            if (d.Width != Width) throw new ArgumentException($"direction '{d.Name}' has width {d.Width}; the states at {Hook} have width {Width}");
            return new DirectionProjector(d);
        }).ToArray();
        var result = directions.Select(_ => new float[Table.Count]).ToArray();
        Pass((t, row) => { for (int j = 0; j < projectors.Length; j++) result[j][t] = projectors[j].Value(row); }, cancellation);
        return result;
    }

    /// <summary>The projection (dot product) of every token's state on each vector.</summary>
    public float[][] Projections(IReadOnlyList<float[]> vectors, CancellationToken cancellation = default)
    {
        foreach (var v in vectors)
            if (v.Length != Width) throw new ArgumentException($"a vector of width {v.Length}; the states at {Hook} have width {Width}");
        var result = vectors.Select(_ => new float[Table.Count]).ToArray();
        Pass((t, row) => { for (int j = 0; j < vectors.Count; j++) result[j][t] = TensorPrimitives.Dot(row, vectors[j]); }, cancellation);
        return result;
    }

    /// <summary>The hidden states of the given tokens, one row each (float32 from the stored float16).</summary>
    public float[][] States(IReadOnlyList<int> tokens)
    {
        var rows = new float[tokens.Count][];
        for (int i = 0; i < tokens.Count; i++)
        {
            rows[i] = new float[Width];
            _states.ReadRows(RowOf(tokens[i]), 1, rows[i]);
        }
        return rows;
    }

    private long RowOf(int t) => _rowOfDoc[Table.Doc[t]] + Table.Position[t];

    private void Pass(Action<int, ReadOnlySpan<float>> each, CancellationToken cancellation)
    {
        var buffer = new float[RowsPerRead * Width];
        int docs = Table.Documents;
        int d = 0;
        while (d < docs)
        {
            cancellation.ThrowIfCancellationRequested();
            // Documents are contiguous in the table but not necessarily in the store: read each run of
            // documents whose rows follow one another, up to RowsPerRead rows.
            int first = Table.DocFirst[d];
            long row = _rowOfDoc[d];
            int e = d, n = 0;
            while (e < docs)
            {
                int len = Table.DocFirst[e + 1] - Table.DocFirst[e];
                if (n > 0 && (n + len > RowsPerRead || _rowOfDoc[e] != row + n)) break;
                if (len > RowsPerRead && n == 0) { n = len; e++; break; }
                n += len; e++;
            }
            if (n > RowsPerRead) buffer = new float[n * Width];
            _states.ReadRows(row, n, buffer.AsSpan(0, n * Width));
            for (int i = 0; i < n; i++) each(first + i, buffer.AsSpan(i * Width, Width));
            d = e;
        }
    }

    public void Dispose() => _states.Dispose();
}
