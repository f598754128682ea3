using InterpLsp.Interp.Directions;
using System.Buffers.Binary;
using System.Text;

namespace InterpLsp.Tests.Directions;

/// <summary>A temp folder deleted after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dirload-").FullName;

    public string File(string name, byte[] bytes)
    {
        var p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    public string File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Little-endian encoders for the element types.</summary>
public static class Le
{
    public static byte[] F32(params float[] v) { var b = new byte[v.Length * 4]; for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), v[i]); return b; }
    public static byte[] F64(params double[] v) { var b = new byte[v.Length * 8]; for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), v[i]); return b; }
    public static byte[] F16(params float[] v) { var b = new byte[v.Length * 2]; for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(b.AsSpan(i * 2), (Half)v[i]); return b; }
    public static byte[] BF16(params float[] v) { var b = new byte[v.Length * 2]; for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(i * 2), (ushort)(BitConverter.SingleToInt32Bits(v[i]) >>> 16)); return b; }
    public static byte[] I32(params int[] v) { var b = new byte[v.Length * 4]; for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(i * 4), v[i]); return b; }
}

/// <summary>Builds .npy bytes exactly as numpy.lib.format writes them (header padded with spaces to 64 bytes, ending in '\n').</summary>
public static class Npy
{
    public static byte[] Build(string descr, long[] shape, byte[] data, bool fortran = false, int major = 1)
        => BuildRaw(Header(descr, shape, fortran), data, major);

    public static string Header(string descr, long[] shape, bool fortran = false)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        return $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
    }

    public static byte[] BuildRaw(string header, byte[] data, int major = 1, int minor = 0, long? headerLengthOverride = null)
    {
        int prefix = major == 1 ? 10 : 12;
        var enc = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        int unpadded = prefix + enc.GetByteCount(header) + 1;
        var padded = header + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var hbytes = enc.GetBytes(padded);

        using var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, (byte)minor]);
        long len = headerLengthOverride ?? hbytes.Length;
        if (major == 1) { var l = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(l, (ushort)len); ms.Write(l); }
        else { var l = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(l, (uint)len); ms.Write(l); }
        ms.Write(hbytes);
        ms.Write(data);
        return ms.ToArray();
    }
}

/// <summary>Builds safetensors bytes per the spec: u64 LE header length, JSON header (space-padded to 8 bytes), data.</summary>
public sealed class Safetensors
{
    private readonly List<(string Name, string DType, long[] Shape, byte[] Data)> _tensors = [];
    private readonly Dictionary<string, string> _metadata = [];

    public Safetensors Add(string name, string dtype, long[] shape, byte[] data) { _tensors.Add((name, dtype, shape, data)); return this; }
    public Safetensors Meta(string key, string value) { _metadata[key] = value; return this; }

    public string HeaderJson()
    {
        var parts = new List<string>();
        if (_metadata.Count > 0)
            parts.Add("\"__metadata__\":{" + string.Join(",", _metadata.Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}");
        long offset = 0;
        foreach (var t in _tensors)
        {
            parts.Add($"\"{t.Name}\":{{\"dtype\":\"{t.DType}\",\"shape\":[{string.Join(",", t.Shape)}],\"data_offsets\":[{offset},{offset + t.Data.Length}]}}");
            offset += t.Data.Length;
        }
        return "{" + string.Join(",", parts) + "}";
    }

    public byte[] Build() => BuildRaw(HeaderJson(), _tensors.SelectMany(t => t.Data).ToArray());

    public static byte[] BuildRaw(string headerJson, byte[] data, ulong? headerLengthOverride = null)
    {
        var h = Encoding.UTF8.GetBytes(headerJson);
        var padded = h.Concat(Enumerable.Repeat((byte)' ', (8 - h.Length % 8) % 8)).ToArray();
        var result = new byte[8 + padded.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, headerLengthOverride ?? (ulong)padded.Length);
        padded.CopyTo(result, 8);
        data.CopyTo(result, 8 + padded.Length);
        return result;
    }
}
