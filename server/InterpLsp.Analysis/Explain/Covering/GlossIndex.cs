using System.Numerics.Tensors;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Analysis.Explain.Shipped;

namespace InterpLsp.Analysis.Explain.Covering;

/// <summary>
/// The WordNet concepts the covering search reads by meaning: every noun synset of the lexicographer files that hold
/// abstract and general concepts (<see cref="Lexnames"/>: acts, attributes, cognition, events, phenomena, processes,
/// states, substances, ...), each as the embedded sentence model's unit-length embedding of its gloss text
/// (<see cref="GlossText"/>: "entropy, randomness, S: (thermodynamics) a thermodynamic quantity ..."). Built once at build
/// time (<c>interp-lsp embed-glosses</c>, by ./setup.sh) and shipped beside the server; each vector is kept as 8-bit
/// integers with one scale (cosines within about 0.01 of the float ones).
/// </summary>
public sealed class GlossIndex
{
    public const string FileName = "wordnet-gloss-embeddings.bin";
    public const string PathVariable = "INTERP_LSP_GLOSSES";

    /// <summary>The noun lexicographer files whose synsets are in the index (the concrete kinds, people, animals, plants,
    /// artifacts, body parts, foods, places, are left to the WordNet ancestors that cover modes by their words).</summary>
    public static readonly string[] Lexnames =
    [
        "noun.Tops", "noun.act", "noun.attribute", "noun.cognition", "noun.communication", "noun.event", "noun.feeling",
        "noun.motive", "noun.phenomenon", "noun.possession", "noun.process", "noun.quantity", "noun.relation",
        "noun.shape", "noun.state", "noun.substance", "noun.time",
    ];

    private readonly sbyte[] _q;
    private readonly float[] _scale;

    internal GlossIndex(string model, string info, string[] synsets, int dimension, sbyte[] q, float[] scale)
    {
        if (q.Length != (long)synsets.Length * dimension || scale.Length != synsets.Length)
            throw new ArgumentException($"{synsets.Length} synsets of dimension {dimension} need {synsets.Length * dimension} values and {synsets.Length} scales, not {q.Length} and {scale.Length}");
        Model = model; Info = info; Synsets = synsets; Dimension = dimension; _q = q; _scale = scale;
    }

    /// <summary>The sentence model the glosses were embedded with (its <see cref="InterpLsp.Model.ModelInfo.Name"/>).</summary>
    public string Model { get; }
    /// <summary>What it was built from, for people.</summary>
    public string Info { get; }
    /// <summary>The synset keys (<c>n.05725676</c>), in the lexicon's order.</summary>
    public IReadOnlyList<string> Synsets { get; }
    public int Dimension { get; }
    public int Count => Synsets.Count;

    /// <summary>The text embedded for a synset: its lemmas (spaces for '_'), a colon, its definition.</summary>
    public static string GlossText(WordNetLexicon lexicon, string synset) =>
        string.Join(", ", lexicon.Lemmas(synset).Select(l => l.Replace('_', ' '))) + ": " + lexicon.Definition(synset);

    /// <summary>The synsets the index holds, from <paramref name="lexicon"/>: the nouns of <see cref="Lexnames"/>.</summary>
    public static List<string> Pool(WordNetLexicon lexicon)
    {
        var keep = new HashSet<string>(Lexnames, StringComparer.Ordinal);
        return lexicon.Synsets.Where(s => s.StartsWith("n.", StringComparison.Ordinal) && keep.Contains(lexicon.Lexname(s))).ToList();
    }

    /// <summary>Embeds the pool's glosses (<paramref name="embed"/>: unit-length vectors, one per text, in order), in
    /// batches of <paramref name="batch"/>, reporting each.</summary>
    public static GlossIndex Build(WordNetLexicon lexicon, string model, Func<IReadOnlyList<string>, CancellationToken, float[][]> embed,
        IProgress<string>? progress = null, CancellationToken cancellation = default, int batch = 512, int? limit = null)
    {
        var pool = Pool(lexicon);
        if (limit is { } l)
        {
            if (l < 1) throw new ArgumentException($"a limit of {l} glosses; it must be at least 1", nameof(limit));
            pool = pool.Take(l).ToList();
        }
        if (pool.Count == 0) throw new ArgumentException($"the lexicon {Path.GetFileName(lexicon.FilePath)} has no noun synset of {string.Join(", ", Lexnames)} to embed");
        int dim = 0;
        sbyte[]? q = null;
        var scale = new float[pool.Count];
        for (int start = 0; start < pool.Count; start += batch)
        {
            cancellation.ThrowIfCancellationRequested();
            var texts = pool.Skip(start).Take(batch).Select(s => GlossText(lexicon, s)).ToList();
            var vectors = embed(texts, cancellation);
            if (vectors.Length != texts.Count) throw new InvalidOperationException($"the embedder gave {vectors.Length} vectors for {texts.Count} texts");
            if (q is null) { dim = vectors[0].Length; q = new sbyte[(long)pool.Count * dim]; }
            for (int i = 0; i < vectors.Length; i++) scale[start + i] = Quantize(vectors[i], q.AsSpan((start + i) * dim, dim));
            progress?.Report($"{Math.Min(start + batch, pool.Count):N0} of {pool.Count:N0} glosses");
        }
        var info = $"{pool.Count:N0} noun synsets of {Lexnames.Length} lexicographer files, from {Path.GetFileName(lexicon.FilePath)}, embedded by {model}";
        return new GlossIndex(model, info, pool.ToArray(), dim, q ?? [], scale);
    }

    private static float Quantize(float[] v, Span<sbyte> into)
    {
        float max = MathF.Abs(TensorPrimitives.MaxMagnitude(v));
        if (!(max > 0) || !float.IsFinite(max)) { into.Clear(); return 0; }
        float s = max / 127f;
        for (int d = 0; d < v.Length; d++) into[d] = (sbyte)Math.Clamp(MathF.Round(v[d] / s), -127, 127);
        return s;
    }

    /// <summary>The dot product of synset <paramref name="i"/>'s vector with <paramref name="v"/> (a cosine when
    /// <paramref name="v"/> has unit length).</summary>
    public double Dot(int i, ReadOnlySpan<float> v)
    {
        if (v.Length != Dimension) throw new ArgumentException($"a vector of length {v.Length}; the glosses have {Dimension}");
        var row = _q.AsSpan(i * Dimension, Dimension);
        double sum = 0;
        for (int d = 0; d < row.Length; d++) sum += row[d] * v[d];
        return sum * _scale[i];
    }

    /// <summary>Synset <paramref name="i"/>'s vector as floats.</summary>
    public float[] Vector(int i)
    {
        var v = new float[Dimension];
        var row = _q.AsSpan(i * Dimension, Dimension);
        for (int d = 0; d < Dimension; d++) v[d] = row[d] * _scale[i];
        return v;
    }

    internal ReadOnlySpan<sbyte> Quantized => _q;
    internal ReadOnlySpan<float> Scales => _scale;

    private static readonly ShippedFile<GlossIndex> Shipped = new(FileName, PathVariable, p => GlossIndexFile.Read(p), "interp-lsp embed-glosses");

    /// <summary>Where the index file is: <see cref="PathVariable"/> when set, else <c>corpus/</c> beside the server.</summary>
    public static string Locate() => Shipped.Locate();

    /// <summary>The shipped index, read once; null when there is none or it cannot be read (<paramref name="problem"/>
    /// says why in one line).</summary>
    public static GlossIndex? Default(out string? problem) => Shipped.Get(out problem);
}
