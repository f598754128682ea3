using System.Diagnostics;
using System.Text;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Corpora;

/// <summary>A workspace folder as a corpus: only its text files, cut into paragraphs that point back into the file.</summary>
public sealed class FolderCorpusTests
{
    private static void MkFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public void Only_text_files_are_read_and_the_rest_is_skipped_with_its_reason_in_bounded_time()
    {
        using var dir = new TempDir();
        dir.File("a.txt", "First paragraph.\r\nStill first.\r\n\r\n   Second one.\r\n");
        dir.File("sub/b.md", "# Title\n\nBody text.");
        dir.File("sub/deeper/c.txt", "deep");
        dir.File("binary.dat", [0x41, 0x42, 0x00, 0x43]);
        dir.File("latin1.txt", [0x63, 0x61, 0x66, 0xE9, 0x20, 0x6F, 0x6B]);
        dir.File("node_modules/pkg/readme.txt", "dependency text");
        dir.File(".git/config", "[core]");
        dir.File("empty.txt", "");
        using (var big = File.Create(Path.Combine(dir.Path, "huge.txt"))) big.SetLength(1L << 30);
        if (!OperatingSystem.IsWindows())
        {
            MkFifo(Path.Combine(dir.Path, "pipe.txt"));
            File.CreateSymbolicLink(Path.Combine(dir.Path, "sub/loop"), dir.Path);
            File.CreateSymbolicLink(Path.Combine(dir.Path, "dangling.txt"), Path.Combine(dir.Path, "nowhere"));
            File.CreateSymbolicLink(Path.Combine(dir.Path, "link-to-c.txt"), Path.Combine(dir.Path, "sub/deeper/c.txt"));
        }

        var corpus = new FolderCorpus(dir.Path);
        var clock = Stopwatch.StartNew();
        var docs = corpus.Documents().ToList();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");

        var files = docs.Select(d => Path.GetRelativePath(dir.Path, d.Path!).Replace('\\', '/')).Distinct().ToList();
        var expectedFiles = OperatingSystem.IsWindows()
            ? new[] { "a.txt", "sub/b.md", "sub/deeper/c.txt" }
            : ["a.txt", "link-to-c.txt", "sub/b.md", "sub/deeper/c.txt"];
        Assert.Equal(expectedFiles, files);
        Assert.Equal(["a.txt:0", "a.txt:37"], docs.Where(d => d.Key.StartsWith("a.txt:", StringComparison.Ordinal)).Select(d => d.Key));
        Assert.Equal(["First paragraph.\r\nStill first.", "Second one."], docs.Take(2).Select(d => d.Text));

        string Reason(string name) => Assert.Single(corpus.Skipped, s => s.StartsWith(name + ":", StringComparison.Ordinal));
        Assert.Contains("binary", Reason("binary.dat"));
        Assert.Contains("UTF-8", Reason("latin1.txt"));
        Assert.Contains("1,073,741,824 bytes", Reason("huge.txt"));
        Assert.Contains("node_modules", Reason("node_modules/"));
        Assert.Contains(".git", Reason(".git/"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Contains("named pipe", Reason("pipe.txt"));
            Assert.Contains("symbolic link", Reason("sub/loop/"));
            Assert.Contains("symbolic link", Reason("dangling.txt"));
        }
        Assert.DoesNotContain(corpus.Skipped, s => s.StartsWith("empty.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_paragraph_is_the_text_at_its_offset_in_its_file()
    {
        using var dir = new TempDir();
        var sentence = "The kettle boils over again. ";
        var longParagraph = string.Concat(Enumerable.Repeat(sentence, 200)).TrimEnd(); // ~5,800 chars, one paragraph
        string text = "Intro line one\nintro line two\n\n \t\n" + longParagraph + "\n\n\u00e9t\u00e9 \U0001F525 fire\n";
        dir.File("bom.txt", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var docs = new FolderCorpus(dir.Path).Documents().ToList();
        foreach (var d in docs)
        {
            Assert.Equal($"bom.txt:{d.Offset}", d.Key);
            Assert.Equal(d.Text, text.Substring((int)d.Offset, d.Text.Length));
            Assert.InRange(d.Text.Length, 1, Paragraphs.DefaultMaxChars);
        }
        Assert.Equal("Intro line one\nintro line two", docs[0].Text);
        var pieces = docs.Skip(1).Take(docs.Count - 2).ToList();
        Assert.Equal(3, pieces.Count);
        Assert.All(pieces, p => Assert.EndsWith("again.", p.Text));
        Assert.Equal(longParagraph, string.Join(" ", pieces.Select(p => p.Text)));
        Assert.Equal("\u00e9t\u00e9 \U0001F525 fire", docs[^1].Text);
    }

    [Fact]
    public void A_paragraph_without_any_break_is_cut_at_the_limit_but_never_inside_a_surrogate_pair()
    {
        string text = new string('x', 1999) + "\U0001F525" + new string('y', 10);
        var pieces = Paragraphs.Split(text).ToList();
        Assert.Equal([(0, 1999), (1999, 12)], pieces);
        Assert.Equal([(0, 3), (7, 3)], Paragraphs.Split("one\n\n  two\r\n"));
        Assert.Empty(Paragraphs.Split("\n \r\n\t\n"));
    }

    [Fact]
    public void The_hash_is_the_same_for_the_same_files_and_changes_with_them()
    {
        using var dir = new TempDir();
        dir.File("one.txt", "alpha\n\nbeta");
        string before = new FolderCorpus(dir.Path).Hash;
        Assert.Equal(before, new FolderCorpus(dir.Path).Hash);
        dir.File("one.txt", "alpha\n\nbetA");
        Assert.NotEqual(before, new FolderCorpus(dir.Path).Hash);
        Assert.Throws<ArgumentException>(() => new FolderCorpus(Path.Combine(dir.Path, "missing")));
    }
}
