using System.Runtime.InteropServices;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library.Storage;

/// <summary>The arrays of one stored direction in its safetensors file (F32): <c>vector</c> [width]; for an SAE
/// feature also <c>sae.encoder_row</c> [d_in], <c>sae.input_bias</c> [d_in], <c>sae.all_encoder</c> [d_sae, d_in]
/// and <c>sae.all_encoder_bias</c> [d_sae] when the encoder has them. The scalars live in the database, except an SAE
/// feature's two reading conventions, kept in the file's metadata: <c>sae_input</c> <c>centered</c> (absent: raw, see
/// <see cref="ResidualConvention"/>) and <c>sae_units</c> <c>folded</c> (absent: as trained).</summary>
public static class VectorFile
{
    public const string VectorTensor = "vector";
    public const string EncoderRow = "sae.encoder_row";
    public const string InputBias = "sae.input_bias";
    public const string AllEncoder = "sae.all_encoder";
    public const string AllEncoderBias = "sae.all_encoder_bias";
    public const string InputKey = "sae_input";
    public const string UnitsKey = "sae_units";

    /// <summary>The arrays of a direction, keyed by tensor name.</summary>
    public static IReadOnlyList<SafetensorsTensor> TensorsOf(Direction d)
    {
        var list = new List<SafetensorsTensor> { new(VectorTensor, [d.Vector.Length], d.Vector) };
        if (d.Sae is { } e)
        {
            list.Add(new(EncoderRow, [e.EncoderRow.Length], e.EncoderRow));
            if (e.InputBias is { } b) list.Add(new(InputBias, [b.Length], b));
            if (e.AllEncoder is { } w)
            {
                int din = e.EncoderRow.Length;
                if (din == 0 || w.Length % din != 0)
                    throw new ArgumentException($"SAE encoder of {w.Length} values is not a whole number of rows of {din}");
                list.Add(new(AllEncoder, [w.Length / din, din], w));
            }
            if (e.AllEncoderBias is { } wb) list.Add(new(AllEncoderBias, [wb.Length], wb));
        }
        return list;
    }

    public static void Write(string path, Direction d, bool flushFolder = true)
    {
        var metadata = new Dictionary<string, string>
        {
            ["hash"] = d.Hash,
            ["hook_name"] = d.Hook ?? "",
            ["kind"] = d.Kind.ToString(),
        };
        if (d.Sae?.Input == ResidualConvention.Centered) metadata[InputKey] = "centered";
        if (d.Sae?.DecoderNormFolded == true) metadata[UnitsKey] = "folded";
        DurableFile.Write(path, s => s.Write(SafetensorsWriter.ToBytes(TensorsOf(d), metadata)), flushFolder);
    }

    /// <summary>Whether <paramref name="path"/> exists and holds exactly the arrays of <paramref name="d"/>.</summary>
    public static bool Holds(string path, Direction d)
    {
        if (!File.Exists(path)) return false;
        try
        {
            var (stored, meta) = ReadWithMetadata(path);
            var wanted = TensorsOf(d);
            return stored.Count == wanted.Count
                && (meta.GetValueOrDefault(InputKey) == "centered") == (d.Sae?.Input == ResidualConvention.Centered)
                && (meta.GetValueOrDefault(UnitsKey) == "folded") == (d.Sae?.DecoderNormFolded == true)
                && wanted.All(t => stored.TryGetValue(t.Name, out var v) && MemoryMarshal.AsBytes(v.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(t.Values.AsSpan())));
        }
        catch (DirectionLoadException) { return false; }
    }

    /// <summary>Every F32 tensor of a vector file, read through the hardened safetensors header reader; throws a
    /// <see cref="DirectionLoadException"/> naming the file for anything malformed.</summary>
    public static Dictionary<string, float[]> Read(string path) => ReadWithMetadata(path).Tensors;

    /// <summary>As <see cref="Read"/>, with the file's <c>__metadata__</c>.</summary>
    public static (Dictionary<string, float[]> Tensors, IReadOnlyDictionary<string, string> Metadata) ReadWithMetadata(string path)
    {
        using var file = FileBytes.Open(path, path);
        long length = RandomAccess.GetLength(file);
        var header = SafetensorsHeader.Read(path, file, length);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var t in header.Tensors)
        {
            if (t.DType != "F32") throw new DirectionLoadException(path, $"tensor {SafetensorsReader.Label(t)} is not F32");
            long count = 1;
            foreach (var d in t.Shape) count = d == 0 || count <= long.MaxValue / 8 / d ? count * d : long.MaxValue / 8;
            if (t.End - t.Begin != 4 * count || count > int.MaxValue / 4)
                throw new DirectionLoadException(path, $"tensor {SafetensorsReader.Label(t)} has {t.End - t.Begin} bytes for shape {Shape2D.Format(t.Shape)}");
            result[t.Name] = Elements.Decode(FileBytes.ReadAt(path, file, t.Begin, (int)(4 * count)), ElementType.F32);
        }
        return (result, header.Metadata);
    }
}
