using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Newtonsoft.Json;

namespace InterpLsp.Library.Storage;

/// <summary>One F32 tensor to write: its name, shape and row-major data (length = product of the shape).</summary>
public sealed record F32Tensor(string Name, long[] Shape, float[] Data);

/// <summary>Writes a safetensors file: an 8-byte little-endian header length N, N bytes of JSON (padded with spaces
/// to a multiple of 8 so the data is aligned) mapping each tensor to <c>{dtype, shape, data_offsets}</c> plus an
/// optional <c>__metadata__</c> string map, then the tensors' raw little-endian bytes in order.</summary>
public static class SafetensorsWriter
{
    public static void Write(Stream output, IReadOnlyList<F32Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sb = new StringBuilder();
        using (var w = new JsonTextWriter(new StringWriter(sb)))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WritePropertyName("__metadata__");
                w.WriteStartObject();
                foreach (var (k, v) in metadata) { w.WritePropertyName(k); w.WriteValue(v); }
                w.WriteEndObject();
            }
            long offset = 0;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in tensors)
            {
                if (!names.Add(t.Name)) throw new ArgumentException($"tensor '{t.Name}' is written twice");
                long count = t.Shape.Aggregate(1L, (a, b) => checked(a * b));
                if (count != t.Data.Length)
                    throw new ArgumentException($"tensor '{t.Name}' has {t.Data.Length} values but shape [{string.Join(", ", t.Shape)}]");
                w.WritePropertyName(t.Name);
                w.WriteStartObject();
                w.WritePropertyName("dtype"); w.WriteValue("F32");
                w.WritePropertyName("shape"); w.WriteStartArray(); foreach (var d in t.Shape) w.WriteValue(d); w.WriteEndArray();
                w.WritePropertyName("data_offsets"); w.WriteStartArray(); w.WriteValue(offset); w.WriteValue(offset + 4 * count); w.WriteEndArray();
                w.WriteEndObject();
                offset += 4 * count;
            }
            w.WriteEndObject();
        }
        int bytes = Encoding.UTF8.GetByteCount(sb.ToString());
        sb.Append(' ', (8 - bytes % 8) % 8);
        var header = Encoding.UTF8.GetBytes(sb.ToString());
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        output.Write(length);
        output.Write(header);
        foreach (var t in tensors) WriteLittleEndian(output, t.Data);
    }

    /// <summary>Raw float32 values in little-endian byte order.</summary>
    public static void WriteLittleEndian(Stream output, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            output.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var buffer = new byte[4];
        foreach (var f in data) { BinaryPrimitives.WriteSingleLittleEndian(buffer, f); output.Write(buffer); }
    }
}
