using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>The preamble of a NumPy .npy file (format versions 1.0, 2.0 and 3.0).</summary>
internal sealed record NpyHeader(ElementType Type, bool FortranOrder, long[] Shape, long DataOffset)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyHeader Read(string origin, SafeFileHandle file, long fileLength, CancellationToken cancellationToken = default)
    {
        if (fileLength < 10)
            throw new DirectionLoadException(origin, $"not a .npy file: only {fileLength} bytes");
        var pre = FileBytes.ReadAt(origin, file, 0, (int)Math.Min(12, fileLength));
        if (!pre.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DirectionLoadException(origin, "not a .npy file: missing the \\x93NUMPY magic");

        byte major = pre[6], minor = pre[7];
        int prefix = major switch
        {
            1 => 10,
            2 or 3 => 12,
            _ => throw new DirectionLoadException(origin, $"unsupported .npy format version {major}.{minor}; expected 1.0, 2.0 or 3.0"),
        };
        if (fileLength < prefix)
            throw new DirectionLoadException(origin, "truncated .npy header");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(pre.AsSpan(8))
            : BinaryPrimitives.ReadUInt32LittleEndian(pre.AsSpan(8));
        if (prefix + headerLength > fileLength)
            throw new DirectionLoadException(origin, $".npy header length {headerLength} is larger than the file ({fileLength} bytes)");
        if (headerLength > FileBytes.MaxNpyHeaderBytes)
            throw new DirectionLoadException(origin, $".npy header length {headerLength} exceeds the {FileBytes.MaxNpyHeaderBytes}-byte limit (numpy writes headers of under 200 bytes)");

        var raw = FileBytes.ReadAt(origin, file, prefix, (int)headerLength, cancellationToken);
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(raw);
        return Interpret(origin, text, prefix + headerLength);
    }

    private static NpyHeader Interpret(string origin, string text, long dataOffset)
    {
        object? literal;
        try
        {
            literal = PyLiteral.Parse(text.TrimEnd('\n', ' ', '\0'));
        }
        catch (FormatException e)
        {
            throw new DirectionLoadException(origin, $"malformed .npy header: {e.Message}");
        }
        if (literal is not Dictionary<string, object?> dict)
            throw new DirectionLoadException(origin, "malformed .npy header: not a dict");

        if (!dict.TryGetValue("descr", out var descr) || !dict.TryGetValue("fortran_order", out var fortran) || !dict.TryGetValue("shape", out var shape))
            throw new DirectionLoadException(origin, "malformed .npy header: needs 'descr', 'fortran_order' and 'shape'");
        if (fortran is not bool isFortran)
            throw new DirectionLoadException(origin, "malformed .npy header: 'fortran_order' must be True or False");
        if (shape is not List<object?> dims || dims.Any(d => d is not long n || n < 0))
            throw new DirectionLoadException(origin, "malformed .npy header: 'shape' must be a tuple of non-negative integers");

        return new NpyHeader(DType(origin, descr), isFortran, dims.Select(d => (long)d!).ToArray(), dataOffset);
    }

    private static ElementType DType(string origin, object? descr)
    {
        if (descr is List<object?>)
            throw new DirectionLoadException(origin, "structured (record) dtypes are not supported; expected a float array");
        if (descr is not string d || d.Length < 2)
            throw new DirectionLoadException(origin, "malformed .npy header: 'descr' must be a dtype string");
        if (d.TrimStart('<', '>', '|', '=') is "O" or "O8" or "O4")
            throw new DirectionLoadException(origin, "object arrays are not supported; save a float array");

        char order = d[0];
        var code = d[1..];
        if (order == '>' && code is "f2" or "f4" or "f8")
            throw new DirectionLoadException(origin, $"big-endian {Name(code)} ('>{code}') is not supported; save as little-endian ('<{code}')");
        if (order is '<' or '=')
        {
            switch (code)
            {
                case "f2": return ElementType.F16;
                case "f4": return ElementType.F32;
                case "f8": return ElementType.F64;
            }
        }
        // Name the dtype only when it is one numpy defines (our own text, not the file's bytes).
        var known = order is '<' or '>' or '|' or '=' ? Name(code) : null;
        throw new DirectionLoadException(origin,
            $"unsupported dtype{(known is null ? "" : $" {known}")}; expected float16, float32 or float64 ('<f2', '<f4', '<f8')");
    }

    private static string? Name(string code) => code switch
    {
        "f2" => "float16", "f4" => "float32", "f8" => "float64", "f16" => "float128", "c8" => "complex64", "c16" => "complex128",
        "i1" => "int8", "i2" => "int16", "i4" => "int32", "i8" => "int64",
        "u1" => "uint8", "u2" => "uint16", "u4" => "uint32", "u8" => "uint64", "b1" => "bool",
        _ => null,
    };
}
