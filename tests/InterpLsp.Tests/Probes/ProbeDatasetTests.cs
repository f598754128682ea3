using InterpLsp.Analysis.Probes;

namespace InterpLsp.Tests.Probes;

/// <summary>Reading JSONL and CSV examples: labels, spans, pairs, the hash, and every bad input refused with the
/// file and line named.</summary>
public class ProbeDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-probe-data-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        var p = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    private static void Refused(Func<ProbeDataset> load, params string[] words)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => load());
        foreach (var w in words) Assert.Contains(w, e.Message);
    }

    [Fact]
    public void Jsonl_and_csv_with_the_same_rows_have_the_same_hash()
    {
        var jsonl = ProbeDataset.Load(File("a.jsonl", "{\"text\": \"hot, \\\"tea\\\"\", \"label\": 1}\n\n{\"label\": \"neg\", \"text\": \"a chair\"}\r\n{\"text\": \"cold\\nnight\", \"label\": true}\n"));
        var csv = ProbeDataset.Load(File("a.csv", "text,label\r\n\"hot, \"\"tea\"\"\",positive\na chair,0\n\"cold\nnight\",TRUE\n"));
        Assert.Equal(new[] { 1, 0, 1 }, jsonl.Examples.Select(e => e.Label!.Value));
        Assert.Equal(jsonl.Examples.Select(e => e.Text), csv.Examples.Select(e => e.Text));
        Assert.Equal(new[] { 2, 3, 4 }, csv.Examples.Select(e => e.Line));
        Assert.Equal(new[] { 1, 3, 4 }, jsonl.Examples.Select(e => e.Line));
        Assert.Equal(jsonl.Hash, csv.Hash);
        Assert.Equal(64, jsonl.Hash.Length);
        var changed = ProbeDataset.Load(File("b.jsonl", "{\"text\": \"hot, \\\"tea\\\"\", \"label\": 1}\n{\"text\": \"a chair\", \"label\": 1}\n{\"text\": \"x\", \"label\": 0}\n"));
        Assert.NotEqual(jsonl.Hash, changed.Hash);
    }

    [Fact]
    public void Csv_line_numbers_count_line_breaks_inside_quotes()
    {
        var d = ProbeDataset.Load(File("l.csv", "text,label,pair\n\"a\nb\",1,p1\nc,0,p1\n"));
        Assert.Equal(new[] { 2, 4 }, d.Examples.Select(e => e.Line));
        Assert.Equal(new[] { "p1", "p1" }, d.Examples.Select(e => e.Pair));
    }

    [Fact]
    public void Spans_make_token_level_data()
    {
        var d = ProbeDataset.Load(File("s.jsonl", "{\"text\": \"The tea is hot.\", \"spans\": [[11, 14]]}\n{\"text\": \"No marks here.\", \"spans\": []}\n"));
        Assert.True(d.IsTokenLevel);
        Assert.Equal((11, 14), d.Examples[0].Spans![0]);
    }

    [Fact]
    public void Bad_inputs_name_the_file_and_line()
    {
        Refused(() => ProbeDataset.Load(File("one.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 1}\n")), "one.jsonl", "all 2 examples", "both classes");
        Refused(() => ProbeDataset.Load(File("empty.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"  \", \"label\": 0}\n")), "empty.jsonl", "line 2", "empty text");
        Refused(() => ProbeDataset.Load(File("lab.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": \"maybe\"}\n")), "lab.jsonl", "line 2", "unknown label", "maybe");
        Refused(() => ProbeDataset.Load(File("num.jsonl", "{\"text\": \"a\", \"label\": 2}\n")), "num.jsonl", "line 1", "unknown label");
        Refused(() => ProbeDataset.Load(File("broken.csv", "text,label\nfine,1\n\"open quote,0\nok,0\n")), "broken.csv", "line 3", "never closed");
        Refused(() => ProbeDataset.Load(File("fields.csv", "text,label\nfine,1\na,b,0\n")), "fields.csv", "line 3", "3 fields");
        Refused(() => ProbeDataset.Load(File("stray.csv", "text,label\nsa\"y,1\n")), "stray.csv", "line 2", "quote inside an unquoted field");
        Refused(() => ProbeDataset.Load(File("after.csv", "text,label\n\"a\"b,1\n")), "after.csv", "line 2", "after a closing quote");
        Refused(() => ProbeDataset.Load(File("head.csv", "sentence,y\na,1\n")), "head.csv", "line 1", "header");
        Refused(() => ProbeDataset.Load(File("json.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": oops}\n")), "json.jsonl", "line 2", "not a JSON object");
        // The parser's own message quotes the line's bytes; the error names the kind and the place only.
        var quoted = Assert.ThrowsAny<ArgumentException>(() => ProbeDataset.Load(File("bytes.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": not json at all}\n")));
        Assert.Contains("line 2: not a JSON object (an unexpected character at position", quoted.Message);
        Assert.DoesNotContain("not json", quoted.Message);
        Assert.DoesNotContain("Unexpected character", quoted.Message);
        Assert.DoesNotContain("Path", quoted.Message);
        Refused(() => ProbeDataset.Load(File("span.jsonl", "{\"text\": \"abc\", \"spans\": [[2, 9]]}\n")), "span.jsonl", "line 1", "inside the text");
        Refused(() => ProbeDataset.Load(File("mix.jsonl", "{\"text\": \"abc\", \"spans\": [[0, 1]]}\n{\"text\": \"b\", \"label\": 0}\n")), "mix.jsonl", "line 2", "mixes");
        Refused(() => ProbeDataset.Load(File("both.jsonl", "{\"text\": \"abc\", \"label\": 1, \"spans\": []}\n")), "both.jsonl", "line 1", "not both");
        Refused(() => ProbeDataset.Load(Path.Combine(_dir, "missing.jsonl")), "missing.jsonl", "no such file");
        Refused(() => ProbeDataset.Load(_dir), "folder");
    }

    [Fact]
    public void A_fifo_and_an_oversized_file_are_refused_quickly()
    {
        var fifo = Path.Combine(_dir, "pipe.jsonl");
        using (var p = System.Diagnostics.Process.Start("mkfifo", fifo)) p.WaitForExit();
        Refused(() => ProbeDataset.Load(fifo), "pipe.jsonl", "named pipe");
        var big = Path.Combine(_dir, "big.jsonl");
        using (var f = System.IO.File.Create(big)) f.SetLength(ProbeDataset.MaxBytes + 1);
        Refused(() => ProbeDataset.Load(big), "big.jsonl", "limit");
    }
}
