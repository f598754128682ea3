using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// How <see cref="SaeLensFolder"/> reads SAE features; the spec form is the options after <c>?</c> in
/// <c>SAEDIR#feature[I]?OPTION,OPTION</c> (see <see cref="DirectionSpecParser"/>).
/// <list type="bullet">
/// <item><c>raw-units</c>: <see cref="FoldDecoderNorm"/> false: activations as trained, not in Neuronpedia's units.</item>
/// <item><c>raw-input</c>: <see cref="Input"/> <see cref="ResidualConvention.Raw"/> even when the cfg asks for
/// <c>center_writing_weights</c> (Neuronpedia's live server reads the raw residual).</item>
/// <item><c>centered-input</c>: <see cref="Input"/> <see cref="ResidualConvention.Centered"/> even when the cfg does
/// not say so (a cfg.json downloaded without its release's <c>model_from_pretrained_kwargs</c>).</item>
/// </list>
/// </summary>
/// <param name="FoldDecoderNorm">Fold |W_dec[i]| into the encoder as Neuronpedia does (the default).</param>
/// <param name="Input">The input convention; null: as the cfg says (<c>center_writing_weights</c>, else raw).</param>
public sealed record SaeReadOptions(bool FoldDecoderNorm = true, ResidualConvention? Input = null)
{
    public static readonly SaeReadOptions Default = new();

    public const string RawUnits = "raw-units";
    public const string RawInput = "raw-input";
    public const string CenteredInput = "centered-input";

    /// <summary>The options of a spec (the text after <c>?</c>, split at commas); each known option at most once, and
    /// not both <c>raw-input</c> and <c>centered-input</c>. Problems are a <see cref="DirectionLoadException"/>.</summary>
    public static SaeReadOptions Parse(string origin, IReadOnlyList<string> options)
    {
        var o = Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in options)
        {
            var name = raw.Trim();
            if (!seen.Add(name))
                throw new DirectionLoadException(origin, $"option '{Echo.Input(name)}' is given twice");
            o = name switch
            {
                RawUnits => o with { FoldDecoderNorm = false },
                RawInput or CenteredInput when o.Input is not null =>
                    throw new DirectionLoadException(origin, $"options '{RawInput}' and '{CenteredInput}' exclude each other"),
                RawInput => o with { Input = ResidualConvention.Raw },
                CenteredInput => o with { Input = ResidualConvention.Centered },
                _ => throw new DirectionLoadException(origin,
                    $"unknown option '{Echo.Input(name)}' after '?'; known: {RawUnits}, {RawInput}, {CenteredInput}"),
            };
        }
        return o;
    }

    /// <summary>The spec suffix that reads the same way (<c>?raw-units,raw-input</c>), or "" for the defaults.</summary>
    public string Suffix()
    {
        var parts = new List<string>();
        if (!FoldDecoderNorm) parts.Add(RawUnits);
        if (Input == ResidualConvention.Raw) parts.Add(RawInput);
        if (Input == ResidualConvention.Centered) parts.Add(CenteredInput);
        return parts.Count == 0 ? "" : "?" + string.Join(",", parts);
    }
}
