using System.Text;
using InterpLsp.Analysis.Scans;
using InterpLsp.Analysis.Explain.Shipped;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>
/// The tagger's model file: compact, binary, little-endian, the same bytes for the same model.
/// <code>
/// "INTERP-LSP POS TAGGER\n" (22 bytes), version (u32, <see cref="Version"/>)
/// info: u16 length, UTF-8                      what it was trained on and how it scored
/// tags: u8 count, each u8 length + ASCII       the fine Brown tags
/// dictionary: u32 count, each u8 length + UTF-8 word, u8 tag       (ordinal order)
/// features: u32 count, each u64 hash (ascending), u8 n, n x (u8 tag, f32 weight)
/// checksum: u64, FNV-1a 64 of every byte before it, mixed (<see cref="StableHash"/>)
/// </code>
/// Reading is bounded (<see cref="MaxBytes"/>, every count checked against what is left) and refuses a file of another
/// kind or version, a damaged one (checksum) or one whose contents do not make a model, with a one-line message that
/// names the file.
/// </summary>
public static class PosTaggerFile
{
    public const uint Version = 1;
    public const long MaxBytes = 64L << 20;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("INTERP-LSP POS TAGGER\n");
    private const int MaxInfo = 4096, MaxTag = 16, MaxWord = 100, MaxDictionary = 1 << 20, MaxFeatures = 1 << 23;

    public static byte[] Serialize(PosTagger tagger, IReadOnlyList<(ulong Hash, (byte Tag, float Weight)[] Weights)> features)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            var info = Encoding.UTF8.GetBytes(tagger.Info.Length > MaxInfo / 4 ? tagger.Info[..(MaxInfo / 4)] : tagger.Info);
            w.Write((ushort)info.Length); w.Write(info);
            w.Write((byte)tagger.Tags.Count);
            foreach (var t in tagger.Tags) { var b = Encoding.ASCII.GetBytes(t); w.Write((byte)b.Length); w.Write(b); }
            var dict = tagger.TagDictionary.Where(kv => Encoding.UTF8.GetByteCount(kv.Key) <= MaxWord).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            w.Write((uint)dict.Count);
            foreach (var (word, tag) in dict) { var b = Encoding.UTF8.GetBytes(word); w.Write((byte)b.Length); w.Write(b); w.Write(tag); }
            w.Write((uint)features.Count);
            foreach (var (hash, weights) in features)
            {
                w.Write(hash); w.Write((byte)weights.Length);
                foreach (var (t, x) in weights) { w.Write(t); w.Write(x); }
            }
        }
        return CheckedBinary.Seal(ms.ToArray());
    }

    /// <summary>Writes the model to <paramref name="path"/> (through a temporary file, so a reader never sees half of it).</summary>
    public static long Write(string path, PosTagger tagger)
    {
        var bytes = Serialize(tagger, tagger.Export());
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DurableFile.Write(full, bytes);
        return bytes.Length;
    }

    /// <exception cref="InvalidDataException">The file is missing, too large, of another kind or version, damaged, or
    /// not a model; the message names it.</exception>
    public static PosTagger Read(string path, CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(path);
        Exception Fail(string problem) => new InvalidDataException($"the part-of-speech tagger {Echo.Origin(full)} {problem}");
        var bytes = SafeFile.ReadAllBytes(full, p => Fail(p), MaxBytes, cancellation);
        return Parse(bytes, Fail);
    }

    public static PosTagger Parse(byte[] bytes, Func<string, Exception> fail)
    {
        using var r = CheckedBinary.Open(bytes, Magic, Version, "part-of-speech tagger", "train it with `interp-lsp train-tagger`", fail);
        try
        {
            var info = r.Text(r.ReadUInt16(), MaxInfo, "description");
            int nTags = r.ReadByte();
            if (nTags == 0) throw fail("has no tags");
            var tags = new string[nTags];
            for (int i = 0; i < nTags; i++)
            {
                tags[i] = r.Text(r.ReadByte(), MaxTag, "tag");
                if (tags[i].Length == 0 || tags[i].Any(c => c <= ' ' || c > '~')) throw fail($"has a tag (number {i + 1}) that is not printable ASCII");
            }
            int nDict = r.Count(r.ReadUInt32(), MaxDictionary, 3, "dictionary words");
            var dict = new Dictionary<string, byte>(nDict, StringComparer.Ordinal);
            for (int i = 0; i < nDict; i++)
            {
                var word = r.Text(r.ReadByte(), MaxWord, "dictionary word");
                byte tag = r.ReadByte();
                if (tag >= nTags || !dict.TryAdd(word, tag)) throw fail($"has a bad dictionary entry (number {i + 1})");
            }
            int nFeatures = r.Count(r.ReadUInt32(), MaxFeatures, 14, "features");
            var features = new List<(ulong, (byte, float)[])>(nFeatures);
            ulong last = 0;
            for (int i = 0; i < nFeatures; i++)
            {
                ulong hash = r.ReadUInt64();
                if (i > 0 && hash <= last) throw fail($"has features out of order (number {i + 1})");
                last = hash;
                int n = r.ReadByte();
                if (n == 0 || n > nTags || n * 5L > r.Left) throw fail($"has a feature (number {i + 1}) with {n} weights");
                var ws = new (byte, float)[n];
                for (int k = 0; k < n; k++)
                {
                    byte tag = r.ReadByte(); float x = r.ReadSingle();
                    if (tag >= nTags || !float.IsFinite(x)) throw fail($"has a bad weight in feature number {i + 1}");
                    ws[k] = (tag, x);
                }
                features.Add((hash, ws));
            }
            if (r.Left != 0) throw fail($"has {r.Left:N0} bytes after its last feature");
            return new PosTagger(tags, dict, features, info);
        }
        catch (EndOfStreamException) { throw fail("ends before its last feature"); }
        catch (ArgumentException e) { throw fail($"does not make a tagger: {e.Message}"); }
    }

    /// <summary>The model's digest: the checksum of its file without the description, in hex.</summary>
    public static string Digest(PosTagger tagger)
    {
        var bytes = Serialize(new PosTagger(tagger.Tags, tagger.TagDictionary, [], ""), []);
        ulong h = BitConverter.ToUInt64(bytes, bytes.Length - 8);
        foreach (var (hash, weights) in tagger.Export())
        {
            h = StableHash.Mix(h ^ hash);
            foreach (var (t, w) in weights) h = StableHash.Mix(h ^ ((ulong)t << 32 | BitConverter.SingleToUInt32Bits(w)));
        }
        return h.ToString("x16");
    }

}
