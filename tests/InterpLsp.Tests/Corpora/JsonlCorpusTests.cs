using System.Diagnostics;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Corpora;

/// <summary>A JSONL file of texts: good lines become documents, bad ones are reported by line number.</summary>
public sealed class JsonlCorpusTests
{
    [Fact]
    public void Good_lines_become_documents_and_broken_ones_are_skipped_by_line_number()
    {
        using var dir = new TempDir();
        string longLine = "{\"text\":\"" + new string('a', JsonlCorpus.MaxLineBytes) + "\"}";
        string path = dir.File("texts.jsonl", string.Join("\n",
            "{\"text\":\"first\"}",
            "\"a bare string\"",
            "{\"id\":\"x\",\"text\":\"third\"}",
            "{\"id\":7,\"text\":\"fourth\"}",
            "{\"text\": broken",
            "{\"title\":\"no text\"}",
            "{\"text\":\"\"}",
            longLine,
            "{\"id\":\"x\",\"text\":\"same key\"}",
            "",
            "[1,2]",
            "{\"text\":\"last, no newline\"}"));

        var corpus = new JsonlCorpus(path);
        var docs = corpus.Documents().ToList();
        Assert.Equal(["line 1", "line 2", "x", "7", "line 12"], docs.Select(d => d.Key));
        Assert.Equal(["first", "a bare string", "third", "fourth", "last, no newline"], docs.Select(d => d.Text));
        Assert.Equal(["line 5", "line 6", "line 7", "line 8", "line 9", "line 11"], corpus.Skipped.Select(s => s[..s.IndexOf(':')]));
        Assert.Contains("not valid JSON", corpus.Skipped[0]);
        Assert.Contains("\"text\"", corpus.Skipped[1]);
        Assert.Contains("longer than", corpus.Skipped[3]);
        Assert.Contains("earlier line", corpus.Skipped[4]);
        Assert.Equal(corpus.Hash, new JsonlCorpus(path).Hash);
    }

    [Fact]
    public void A_file_that_is_not_a_regular_file_or_has_no_usable_line_is_an_error_naming_it()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ArgumentException>(() => new JsonlCorpus(dir.Path));
        Assert.Contains(dir.Path, e.Message);

        string broken = dir.File("broken.jsonl", "{nope\n{\"no\":1}\n");
        e = Assert.Throws<ArgumentException>(() => new JsonlCorpus(broken).Documents().ToList());
        Assert.Contains("broken.jsonl", e.Message);
        Assert.Contains("no usable line", e.Message);

        if (OperatingSystem.IsWindows()) return;
        string fifo = Path.Combine(dir.Path, "pipe.jsonl");
        using (var p = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!) p.WaitForExit();
        e = Assert.Throws<ArgumentException>(() => new JsonlCorpus(fifo));
        Assert.Contains("pipe.jsonl", e.Message);
        Assert.Contains("named pipe", e.Message);
    }
}
