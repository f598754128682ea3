using Microsoft.Win32.SafeHandles;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// An opened SAELens <c>sae_weights.safetensors</c> whose tensors were checked against its <see cref="SaeLensConfig"/>
/// before any data is read: <c>W_enc</c> [d_in, d_sae], <c>b_enc</c> [d_sae], <c>W_dec</c> [d_sae, d_in],
/// <c>b_dec</c> [d_in], and for <c>jumprelu</c> <c>threshold</c> [d_sae] (or a training checkpoint's
/// <c>log_threshold</c>, read as exp). Reads fetch only the bytes asked for (one decoder row, the chosen encoder
/// columns row by row), so a 1M-feature SAE costs only what the chosen features need.
/// </summary>
internal sealed class SaeLensWeights : IDisposable
{
    /// <summary>Most elements of the whole encoder a <c>topk</c> feature keeps (its activation needs every pre-activation).</summary>
    public const long MaxTopKEncoderElements = 1L << 26;

    private readonly SafeFileHandle _file;
    private readonly Dictionary<string, (SafetensorsEntry Entry, ElementType Type)> _tensors;

    private SaeLensWeights(string origin, SafeFileHandle file, SaeLensConfig config, int dIn, int dSae,
        Dictionary<string, (SafetensorsEntry, ElementType)> tensors)
    {
        Origin = origin;
        _file = file;
        Config = config;
        DIn = dIn;
        DSae = dSae;
        _tensors = tensors;
    }

    public string Origin { get; }
    public SaeLensConfig Config { get; }
    public int DIn { get; }
    public int DSae { get; }

    /// <summary>True when the threshold is stored as <c>log_threshold</c> (exp is applied on read).</summary>
    private bool LogThreshold => _tensors.ContainsKey("log_threshold");

    public static SaeLensWeights Open(string origin, string weightsPath, string cfgOrigin, SaeLensConfig cfg, CancellationToken cancellationToken)
    {
        long dIn = cfg.DIn ?? throw new DirectionLoadException(cfgOrigin, "SAELens config has no integer d_in (the SAE's input width)");
        long dSae = cfg.DSae ?? throw new DirectionLoadException(cfgOrigin, "SAELens config has no integer d_sae (the number of features)");
        FileBytes.CheckVectorLength(cfgOrigin, dIn);
        if (dSae > FileBytes.MaxElements)
            throw new DirectionLoadException(cfgOrigin, $"SAELens config has d_sae {dSae}, more than the {FileBytes.MaxElements} features this tool reads");

        var file = FileBytes.Open(origin, weightsPath, cancellationToken: cancellationToken);
        try
        {
            var header = SafetensorsHeader.Read(origin, file, RandomAccess.GetLength(file), cancellationToken);
            var byName = header.Tensors.GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First());
            var tensors = new Dictionary<string, (SafetensorsEntry, ElementType)>();
            void Need(string name, params long[] shape)
            {
                var e = byName.GetValueOrDefault(name)
                    ?? throw new DirectionLoadException(origin, $"SAE weights have no tensor '{name}' (architecture {cfg.Architecture} needs it)");
                tensors[name] = (e, Checked(origin, e, shape, cfg));
            }
            Need("W_enc", dIn, dSae);
            Need("b_enc", dSae);
            Need("W_dec", dSae, dIn);
            Need("b_dec", dIn);
            if (cfg.Architecture == "jumprelu")
                Need(byName.ContainsKey("threshold") || !byName.ContainsKey("log_threshold") ? "threshold" : "log_threshold", dSae);
            if (cfg.Architecture == "topk" && dIn * dSae > MaxTopKEncoderElements)
                throw new DirectionLoadException(origin,
                    $"a topk feature needs the whole encoder ({dIn} x {dSae} = {dIn * dSae} values); the limit is {MaxTopKEncoderElements}");
            return new SaeLensWeights(origin, file, cfg, (int)dIn, (int)dSae, tensors);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The tensor's element type, after checking its shape against <paramref name="expected"/> and its byte size against the shape.</summary>
    private static ElementType Checked(string origin, SafetensorsEntry e, long[] expected, SaeLensConfig cfg)
    {
        if (!e.Shape.SequenceEqual(expected))
            throw new DirectionLoadException(origin,
                $"tensor '{e.Name}' has shape {Shape2D.Format(e.Shape)} but d_in {cfg.DIn} and d_sae {cfg.DSae} of cfg.json need {Shape2D.Format(expected)}");
        var type = SafetensorsReader.DType(origin, e);
        long bytes = checked(expected.Aggregate(1L, (a, b) => checked(a * b)) * Elements.Size(type));
        if (e.End - e.Begin != bytes)
            throw new DirectionLoadException(origin,
                $"tensor '{e.Name}' has {e.End - e.Begin} bytes but shape {Shape2D.Format(e.Shape)} of {e.DType} needs {bytes}");
        return type;
    }

    /// <summary>Row <paramref name="feature"/> of W_dec (length d_in).</summary>
    public float[] DecoderRow(int feature, CancellationToken cancellationToken) =>
        Read("W_dec", (long)feature * DIn, DIn, cancellationToken);

    /// <summary>All of b_enc, b_dec, or the JumpReLU threshold (exp of log_threshold when stored so).</summary>
    public float[] Vector(string name, CancellationToken cancellationToken)
    {
        if (name == "threshold" && LogThreshold)
            return Read("log_threshold", 0, DSae, cancellationToken).Select(MathF.Exp).ToArray();
        var (e, _) = _tensors[name];
        return Read(name, 0, e.Shape[0], cancellationToken);
    }

    /// <summary>W_enc[:, f] for each chosen feature f (length d_in each): W_enc is read row by row, each row only from
    /// the smallest to the largest chosen column.</summary>
    public float[][] EncoderColumns(IReadOnlyList<int> features, CancellationToken cancellationToken)
    {
        var result = features.Select(_ => new float[DIn]).ToArray();
        if (features.Count == 0) return result;
        int lo = features.Min(), hi = features.Max();
        var (e, type) = _tensors["W_enc"];
        int size = Elements.Size(type);
        var buffer = new byte[(hi - lo + 1) * size];
        for (int r = 0; r < DIn; r++)
        {
            FileBytes.ReadAt(Origin, _file, e.Begin + ((long)r * DSae + lo) * size, buffer, cancellationToken);
            for (int c = 0; c < features.Count; c++)
                result[c][r] = Elements.DecodeOne(buffer.AsSpan((features[c] - lo) * size, size), type);
        }
        return result;
    }

    /// <summary>All of W_enc transposed, row-major [d_sae x d_in] (row j is feature j's encoder), read row by row.</summary>
    public float[] EncoderTransposed(CancellationToken cancellationToken)
    {
        var (e, type) = _tensors["W_enc"];
        int size = Elements.Size(type);
        var result = new float[(long)DIn * DSae];
        var buffer = new byte[(long)DSae * size];
        for (int r = 0; r < DIn; r++)
        {
            FileBytes.ReadAt(Origin, _file, e.Begin + (long)r * DSae * size, buffer, cancellationToken);
            for (int j = 0; j < DSae; j++)
                result[(long)j * DIn + r] = Elements.DecodeOne(buffer.AsSpan(j * size, size), type);
        }
        return result;
    }

    /// <summary>All of W_dec, row-major [d_sae x d_in], read a block of rows at a time.</summary>
    public float[] Decoder(CancellationToken cancellationToken)
    {
        var result = new float[(long)DSae * DIn];
        int rowsPerRead = Math.Max(1, (1 << 20) / DIn);
        for (int j = 0; j < DSae; j += rowsPerRead)
        {
            int n = Math.Min(rowsPerRead, DSae - j);
            Read("W_dec", (long)j * DIn, (long)n * DIn, cancellationToken).CopyTo(result, (long)j * DIn);
        }
        return result;
    }

    private float[] Read(string name, long firstElement, long count, CancellationToken cancellationToken)
    {
        var (e, type) = _tensors[name];
        int size = Elements.Size(type);
        var bytes = FileBytes.ReadAt(Origin, _file, e.Begin + firstElement * size, checked((int)(count * size)), cancellationToken);
        return Elements.Decode(bytes, type);
    }

    public void Dispose() => _file.Dispose();
}
