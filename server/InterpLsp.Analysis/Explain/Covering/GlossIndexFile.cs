using System.Text;
using InterpLsp.Analysis.Scans;
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
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the gloss index is written on little-endian machines only");
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
        var body = ms.ToArray();
        var all = new byte[body.Length + 8];
        body.CopyTo(all, 0);
        BitConverter.TryWriteBytes(all.AsSpan(body.Length), StableHash.Of(body));
        return all;
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
        if (bytes.Length < Magic.Length + 4 + 8 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw fail("is not an interp-lsp gloss embeddings file (its header is missing)");
        uint version = BitConverter.ToUInt32(bytes, Magic.Length);
        if (version != Version) throw fail($"is version {version}; this server reads version {Version}: build it again with `interp-lsp embed-glosses`");
        var body = bytes.AsSpan(0, bytes.Length - 8);
        if (BitConverter.ToUInt64(bytes, bytes.Length - 8) != StableHash.Of(body))
            throw fail("is damaged: its checksum does not match its contents; build it again with `interp-lsp embed-glosses`");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, body.Length - Magic.Length - 4), Encoding.UTF8);
            long Left() => r.BaseStream.Length - r.BaseStream.Position;
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            string Text(int length, int max, string what)
            {
                if (length > max || length > Left()) throw fail($"has a {what} of {length} bytes (at most {max})");
                try { return strict.GetString(r.ReadBytes(length)); }
                catch (DecoderFallbackException) { throw fail($"has a {what} that is not valid text"); }
            }
            var model = Text(r.ReadUInt16(), MaxText, "model name");
            var info = Text(r.ReadUInt16(), MaxText, "description");
            long count = r.ReadUInt32(), dim = r.ReadUInt32();
            if (dim == 0 || dim > MaxDimension) throw fail($"says its vectors have {dim} values (1 to {MaxDimension})");
            if (count == 0 || count * (2 + 4 + dim) > Left()) throw fail($"says it has {count:N0} glosses of {dim} values, more than its {Left():N0} bytes hold");
            var keys = new string[count];
            for (int i = 0; i < count; i++)
            {
                keys[i] = Text(r.ReadByte(), MaxKey, "synset key");
                if (keys[i].Length < 3 || keys[i][1] != '.') throw fail($"has a synset key (number {i + 1}) that is not one");
            }
            if (count * (4 + dim) != Left()) throw fail($"has {Left():N0} bytes for its scales and vectors; {count:N0} glosses of {dim} values need {count * (4 + dim):N0}");
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
