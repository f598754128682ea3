using System.Diagnostics;
using InterpLsp.Analysis.Explain.Covering;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.WordNet;
using Xunit;

namespace InterpLsp.Tests.Explain;

/// <summary>The gloss index (<see cref="GlossIndex"/>, <see cref="GlossIndexFile"/>): quantised cosines within 0.01 of the
/// float ones, the file round-trips byte for byte, and hostile files (another kind, a damaged one, a header that lies
/// about its sizes, /dev/zero, a FIFO, an oversized one) are refused at once with a message naming the file; and the
/// context a firing token is embedded in (<see cref="MeaningCover.Context"/>).</summary>
public sealed class GlossIndexTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-glosses-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>An index of <paramref name="n"/> seeded random unit vectors (through <see cref="GlossIndex.Build"/>, with
    /// the real lexicon's first synsets of the pool).</summary>
    private static (GlossIndex Index, float[][] Vectors) Random(int n, int dim = 16, int seed = 3)
    {
        var rng = new Random(seed);
        var vectors = new List<float[]>();
        var index = GlossIndex.Build(WordNetLexicon.Default(), "test-model", (texts, _) => texts.Select(_ =>
        {
            var v = Enumerable.Range(0, dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            float norm = MathF.Sqrt(v.Sum(x => x * x));
            var u = v.Select(x => x / norm).ToArray();
            vectors.Add(u);
            return u;
        }).ToArray(), limit: n, batch: 7);
        return (index, vectors.ToArray());
    }

    [Fact]
    public void Quantised_cosines_stay_within_a_hundredth_of_the_float_ones_and_the_file_round_trips()
    {
        var (index, vectors) = Random(40);
        Assert.Equal(40, index.Count);
        var q = vectors[5];
        for (int i = 0; i < index.Count; i++)
        {
            double exact = vectors[i].Zip(q, (a, b) => (double)a * b).Sum();
            Assert.InRange(index.Dot(i, q) - exact, -0.01, 0.01);
        }
        var path = Path.Combine(_dir, "g.bin");
        GlossIndexFile.Write(path, index);
        var back = GlossIndexFile.Read(path);
        Assert.Equal(index.Synsets, back.Synsets);
        Assert.Equal("test-model", back.Model);
        Assert.Equal(File.ReadAllBytes(path), GlossIndexFile.Serialize(back));
        Assert.All(index.Synsets, s => Assert.StartsWith("n.", s));
    }

    private void Refused(string path, params string[] words)
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InvalidDataException>(() => GlossIndexFile.Read(path));
        Assert.True(clock.Elapsed.TotalSeconds < 5, $"took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("gloss embeddings", e.Message);
        foreach (var w in words) Assert.Contains(w, e.Message);
    }

    [Fact]
    public void Hostile_files_are_refused_at_once_naming_the_problem()
    {
        var (index, _) = Random(10);
        var good = GlossIndexFile.Serialize(index);
        string Write(string name, byte[] bytes) { var p = Path.Combine(_dir, name); File.WriteAllBytes(p, bytes); return p; }

        Refused(Write("other.bin", "not an index at all, just text"u8.ToArray()), "header is missing");
        var damaged = (byte[])good.Clone(); damaged[good.Length / 2] ^= 0x40;
        Refused(Write("damaged.bin", damaged), "checksum");
        Refused(Write("short.bin", good[..(good.Length - 100)]), "checksum");
        // A header that lies: a count far beyond the file, with the checksum made right so the lie is what is read.
        var lying = (byte[])good[..^8].Clone();
        int countAt = FindCount(lying, index.Count);
        BitConverter.TryWriteBytes(lying.AsSpan(countAt), 2_000_000_000u);
        Refused(Write("lying.bin", WithChecksum(lying)), "more than its");
        Refused(Write("empty.bin", []), "header is missing");
        var zero = Path.Combine(_dir, "zero.bin");
        File.CreateSymbolicLink(zero, "/dev/zero");
        Refused(zero, "character device");
        var fifo = Path.Combine(_dir, "fifo.bin");
        Process.Start("mkfifo", fifo)!.WaitForExit();
        Refused(fifo, "FIFO");
        using (var f = File.Create(Path.Combine(_dir, "huge.bin"))) f.SetLength(GlossIndexFile.MaxBytes + 1);
        Refused(Path.Combine(_dir, "huge.bin"), "limit");
    }

    private static int FindCount(byte[] body, int count)
    {
        var needle = BitConverter.GetBytes((uint)count);
        for (int i = 28 + 4; i + 8 <= body.Length; i++)
            if (body.AsSpan(i, 4).SequenceEqual(needle) && BitConverter.ToUInt32(body, i + 4) == 16) return i;
        throw new InvalidOperationException("no count in the header");
    }

    private static byte[] WithChecksum(byte[] body)
    {
        var all = new byte[body.Length + 8];
        body.CopyTo(all, 0);
        BitConverter.TryWriteBytes(all.AsSpan(body.Length), InterpLsp.Analysis.Scans.StableHash.Of(body));
        return all;
    }

    [Fact]
    public void A_limit_below_one_is_refused_before_anything_is_embedded()
    {
        int calls = 0;
        foreach (var limit in new[] { 0, -5 })
        {
            var e = Assert.Throws<ArgumentException>(() => GlossIndex.Build(WordNetLexicon.Default(), "m", (t, _) => { calls++; return []; }, limit: limit));
            Assert.Contains($"a limit of {limit} glosses", e.Message);
        }
        Assert.Equal(0, calls);
    }

    [Fact]
    public void A_tokens_context_is_its_text_cut_at_white_space_around_it()
    {
        var shortText = "The water grew warmer.";
        var longText = string.Join(" ", Enumerable.Repeat("alpha", 100)) + " heat " + string.Join(" ", Enumerable.Repeat("omega", 100));
        int at = longText.IndexOf("heat", StringComparison.Ordinal);
        var table = TokenTable.Build([("a", shortText, [4, 10], [9, 14]), ("b", longText, [at], [at + 4])]);
        Assert.Equal(shortText, MeaningCover.Context(table, 0));
        var c = MeaningCover.Context(table, 2);
        Assert.Contains(" heat ", c);
        Assert.InRange(c.Length, MeaningCover.ContextChars, 2 * MeaningCover.ContextChars + 4);
        Assert.False(c.StartsWith(' ') || c.EndsWith(' '));
        Assert.All(c.Split(' '), w => Assert.Contains(w, new[] { "alpha", "heat", "omega" }));
    }
}
