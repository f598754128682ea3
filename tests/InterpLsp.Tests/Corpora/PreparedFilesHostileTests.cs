using System.Diagnostics;
using System.IO.Compression;
using InterpLsp.Analysis.Corpora;
using PosTaggerFile = InterpLsp.Analysis.Explain.PartsOfSpeech.PosTaggerFile;
using InterpLsp.Tests.Directions;
using Xunit;

namespace InterpLsp.Tests.Corpora;

/// <summary>Hostile files where the prepared Brown corpus (brown.jsonl.gz) and the part-of-speech tagger
/// (brown-pos-tagger.bin) are read: a FIFO, /dev/zero, a file past the size limit, a gzip bomb, a header that lies about
/// its size. Each is refused within seconds with a message that names the file and the problem.</summary>
public sealed class PreparedFilesHostileTests
{
    private static T Quickly<T>(Func<T> f)
    {
        var clock = Stopwatch.StartNew();
        var r = f();
        Assert.True(clock.Elapsed.TotalSeconds < 10, $"took {clock.Elapsed.TotalSeconds:F1} s");
        return r;
    }

    private static string BrownRefusal(string path) =>
        Quickly(() => Assert.Throws<ArgumentException>(() => BrownCorpus.All(path).Documents().ToList())).Message;

    private static string TaggerRefusal(string path) =>
        Quickly(() => Assert.Throws<InvalidDataException>(() => PosTaggerFile.Read(path))).Message;

    [Fact]
    public void A_fifo_or_dev_zero_in_place_of_either_file_is_refused_without_blocking()
    {
        using var dir = new TempDir();
        var fifo = Path.Combine(dir.Path, "brown.jsonl.gz");
        Process.Start("mkfifo", fifo)!.WaitForExit();
        Assert.Contains("FIFO", BrownRefusal(fifo));
        Assert.Contains("FIFO", TaggerRefusal(fifo));
        var zero = Path.Combine(dir.Path, "zero.bin");
        File.CreateSymbolicLink(zero, "/dev/zero");
        var m = BrownRefusal(zero);
        Assert.Contains("zero.bin", m);
        Assert.Contains("character device", m);
        Assert.Contains("character device", TaggerRefusal(zero));
    }

    [Fact]
    public void A_file_past_the_limit_is_refused_before_it_is_read()
    {
        using var dir = new TempDir();
        var huge = Path.Combine(dir.Path, "huge.bin");
        using (var f = File.Create(huge)) f.SetLength(PosTaggerFile.MaxBytes + 1);
        var m = TaggerRefusal(huge);
        Assert.Contains("huge.bin", m);
        Assert.Contains("limit", m);
        using (var f = File.Create(huge)) f.SetLength(4L << 30); // sparse: 4 GiB that take no disk
        Assert.Contains("limit", BrownRefusal(huge));
    }

    [Fact]
    public void A_gzip_bomb_or_a_header_that_lies_about_its_size_is_refused_naming_the_line()
    {
        using var dir = new TempDir();
        // One line of 64 MB of spaces, compressed to about 64 KB: refused by the line limit, not read into memory.
        var bomb = Path.Combine(dir.Path, "bomb.jsonl.gz");
        using (var gz = new GZipStream(File.Create(bomb), CompressionLevel.SmallestSize))
        {
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)' ');
            for (int i = 0; i < 64; i++) gz.Write(block);
        }
        var m = BrownRefusal(bomb);
        Assert.Contains("bomb.jsonl.gz", m);
        Assert.Contains("line 1", m);
        // A header that says it has a billion texts and then ends: truncated, named as such.
        var lying = Path.Combine(dir.Path, "lying.jsonl.gz");
        using (var gz = new GZipStream(File.Create(lying), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz))
            w.Write("{\"format\":\"interp-lsp/brown-corpus\",\"version\":1,\"source\":\"test\",\"texts\":1000000000,\"words\":2,"
                + "\"genres\":[{\"id\":\"news\",\"letter\":\"a\",\"name\":\"Press: reportage\"}]}\n");
        Assert.Contains("truncated", BrownRefusal(lying));
    }
}
