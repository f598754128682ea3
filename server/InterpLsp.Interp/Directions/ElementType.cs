using System.Buffers.Binary;

namespace InterpLsp.Interp.Directions;

/// <summary>Little-endian floating-point element types the readers understand.</summary>
internal enum ElementType { F16, BF16, F32, F64 }

internal static class Elements
{
    public static int Size(ElementType t) => t switch
    {
        ElementType.F16 or ElementType.BF16 => 2,
        ElementType.F32 => 4,
        _ => 8,
    };

    /// <summary>Decodes little-endian elements; <paramref name="bytes"/> length must be a multiple of the size.</summary>
    public static float[] Decode(ReadOnlySpan<byte> bytes, ElementType t)
    {
        int size = Size(t);
        var result = new float[bytes.Length / size];
        for (int i = 0; i < result.Length; i++)
            result[i] = DecodeOne(bytes.Slice(i * size, size), t);
        return result;
    }

    public static float DecodeOne(ReadOnlySpan<byte> b, ElementType t) => t switch
    {
        ElementType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
        ElementType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
        ElementType.F32 => BinaryPrimitives.ReadSingleLittleEndian(b),
        _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
    };
}
