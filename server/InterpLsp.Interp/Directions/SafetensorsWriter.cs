using System.Buffers.Binary;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>One F32 tensor to write: its name, its shape (row-major) and its values (as many as the shape holds).</summary>
public sealed record SafetensorsTensor(string Name, long[] Shape, float[] Values);

/// <summary>
/// Writes a safetensors file of F32 tensors: an 8-byte little-endian header length N, N bytes of JSON (tensor name ->
/// {dtype, shape, data_offsets}, plus an optional <c>__metadata__</c> string map; padded with spaces to a multiple of
/// 8), then the raw little-endian data in the order given. The file is written beside its final name and moved into
/// place, so a reader never sees half a file.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>The file's bytes; throws <see cref="ArgumentException"/> for a duplicate or reserved name, a negative
    /// dimension, or a shape that does not hold exactly the values given.</summary>
    public static byte[] ToBytes(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JObject(metadata.Select(kv => new JProperty(kv.Key, kv.Value)));
        long offset = 0;
        foreach (var t in tensors)
        {
            Check(t);
            if (header.ContainsKey(t.Name))
                throw new ArgumentException($"tensor name '{Echo.Input(t.Name)}' is used twice", nameof(tensors));
            long bytes = checked(t.Values.LongLength * 4);
            header[t.Name] = new JObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JArray(t.Shape.Cast<object>().ToArray()),
                ["data_offsets"] = new JArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToString(Formatting.None));
        int padded = (json.Length + 7) / 8 * 8;
        var result = new byte[checked(8 + padded + offset)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        json.CopyTo(result, 8);
        result.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        long at = 8 + padded;
        foreach (var t in tensors)
            foreach (var v in t.Values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(result.AsSpan((int)at, 4), v);
                at += 4;
            }
        return result;
    }

    /// <summary>Writes <see cref="ToBytes"/> to <paramref name="path"/> (replacing a file there) through a temporary file beside it.</summary>
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        DurableFile.Write(path, ToBytes(tensors, metadata));

    private static void Check(SafetensorsTensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (string.IsNullOrEmpty(t.Name) || t.Name == "__metadata__")
            throw new ArgumentException($"tensor name '{Echo.Input(t.Name)}' is empty or reserved");
        long count = 1;
        foreach (var d in t.Shape)
        {
            if (d < 0) throw new ArgumentException($"tensor '{Echo.Input(t.Name)}' has a negative dimension in shape {Shape2D.Format(t.Shape)}");
            count = checked(count * d);
        }
        if (count != t.Values.LongLength)
            throw new ArgumentException(
                $"tensor '{Echo.Input(t.Name)}' has {t.Values.LongLength} values but shape {Shape2D.Format(t.Shape)} holds {count}");
    }
}
