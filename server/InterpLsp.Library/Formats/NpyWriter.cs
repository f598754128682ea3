using System.Text;
using InterpLsp.Library.Storage;

namespace InterpLsp.Library.Formats;

/// <summary>Writes a little-endian float32 <c>.npy</c> (format 1.0): the magic <c>\x93NUMPY</c>, version 1.0, a
/// 2-byte header length, the header dict padded with spaces and a newline to a multiple of 64 bytes, the data.</summary>
public static class NpyWriter
{
    public static void Write(Stream output, float[] data, long[] shape)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length) throw new ArgumentException($"{data.Length} values do not fill shape ({string.Join(", ", shape)})");
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + dict.Length + 1;
        var header = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        output.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        var bytes = Encoding.Latin1.GetBytes(header);
        output.Write([(byte)(bytes.Length & 0xFF), (byte)(bytes.Length >> 8)]);
        output.Write(bytes);
        WriteLittleEndian(output, data);
    }

    /// <summary>Raw float32 values in little-endian byte order.</summary>
    private static void WriteLittleEndian(Stream output, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            output.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var buffer = new byte[4];
        foreach (var f in data) { System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(buffer, f); output.Write(buffer); }
    }
}
