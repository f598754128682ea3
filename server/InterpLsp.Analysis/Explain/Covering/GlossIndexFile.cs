using System.Text;
using InterpLsp.Analysis.Explain.Shipped;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Covering;

/// <summary>
/// The gloss index's file: binary, little-endian, the same bytes for the same index.
/// <code>
/// "INTERP-LSP GLOSS EMBEDDINGS\n" (28 bytes), version (u32, <see cref="Version"/>)
/// model: u16 length, UTF-8        the sentence model that embedded the glosses
/// info:  u16 length, UTF-8        what it was built from
/// count (u32), dimension (u32)
/// synsets: count x (u8 length + ASCII key)
/// scales: count x f32; vectors: count x dimension x i8
/// checksum: u64, FNV-1a 64 of every byte before it (<see cref="StableHash"/>)
/// </code>
/// Reading is bounded (<see cref="MaxBytes"/>; every count checked against the bytes left) and refuses a file of another
/// kind or version, a damaged one or one that lies about its sizes, with a one-line message naming the file.
/// </summary>
public static class GlossIndexFile
{
    public const uint Version = 1;
    public const long MaxBytes = 256L << 20;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("INTERP-LSP GLOSS EMBEDDINGS\n");
    private const int MaxText = 4096, MaxKey = 32, MaxDimension = 8192;

    public static byte[] Serialize(GlossIndex index)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            foreach (var s in new[] { index.Model, index.Info })
            {
                var b = Encoding.UTF8.GetBytes(s.Length > MaxText / 4 ? s[..(MaxText / 4)] : s);
                w.Write((ushort)b.Length); w.Write(b);
            }
            w.Write((uint)index.Count); w.Write((uint)index.Dimension);
            foreach (var k in index.Synsets) { var b = Encoding.ASCII.GetBytes(k); w.Write((byte)b.Length); w.Write(b); }
            foreach (var s in index.Scales) w.Write(s);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(index.Quantized));
        }
        return CheckedBinary.Seal(ms.ToArray());
    }

    /// <summary>Writes the index to <paramref name="path"/> (through a temporary file: a reader never sees half of it).</summary>
    public static long Write(string path, GlossIndex index)
    {
        var bytes = Serialize(index);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DurableFile.Write(full, bytes);
        return bytes.Length;
    }

    /// <exception cref="InvalidDataException">Missing, too large, another kind or version, damaged, or not an index; the
    /// message names the file.</exception>
    public static GlossIndex Read(string path, CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(path);
        Exception Fail(string problem) => new InvalidDataException($"the WordNet gloss embeddings {Echo.Origin(full)} {problem}");
        return Parse(SafeFile.ReadAllBytes(full, p => Fail(p), MaxBytes, cancellation), Fail);
    }

    public static GlossIndex Parse(byte[] bytes, Func<string, Exception> fail)
    {
        using var r = CheckedBinary.Open(bytes, Magic, Version, "gloss embeddings", "build it with `interp-lsp embed-glosses`", fail);
        try
        {
            var model = r.Text(r.ReadUInt16(), MaxText, "model name");
            var info = r.Text(r.ReadUInt16(), MaxText, "description");
            long count = r.ReadUInt32(), dim = r.ReadUInt32();
            if (dim == 0 || dim > MaxDimension) throw fail($"says its vectors have {dim} values (1 to {MaxDimension})");
            if (count == 0 || count * (2 + 4 + dim) > r.Left) throw fail($"says it has {count:N0} glosses of {dim} values, more than its {r.Left:N0} bytes hold");
            var keys = new string[count];
            for (int i = 0; i < count; i++)
            {
                keys[i] = r.Text(r.ReadByte(), MaxKey, "synset key");
                if (keys[i].Length < 3 || keys[i][1] != '.') throw fail($"has a synset key (number {i + 1}) that is not one");
            }
            if (count * (4 + dim) != r.Left) throw fail($"has {r.Left:N0} bytes for its scales and vectors; {count:N0} glosses of {dim} values need {count * (4 + dim):N0}");
            var scales = new float[count];
            for (int i = 0; i < count; i++)
            {
                scales[i] = r.ReadSingle();
                if (!float.IsFinite(scales[i]) || scales[i] < 0) throw fail($"has a bad scale for gloss number {i + 1}");
            }
            var q = new sbyte[count * dim];
            r.ReadBytes(q.Length).AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(q.AsSpan()));
            return new GlossIndex(model, info, keys, (int)dim, q, scales);
        }
        catch (EndOfStreamException) { throw fail("ends before its last vector"); }
    }
}
