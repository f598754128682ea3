using InterpLsp.Model.Tokenization;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace InterpLsp.Tests.Tokenization;

/// <summary>Hostile or unsupported tokenizer files: each refused within a second with an exception that names the file.</summary>
public sealed class ByteLevelBpeBadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-badtok-" + Guid.NewGuid().ToString("N"));

    public ByteLevelBpeBadInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Loads on another thread so that a blocking open fails the test instead of hanging it.</summary>
    private static T Refused<T>(Func<BpeTokenizer> load, string mustName) where T : Exception
    {
        var watch = Stopwatch.StartNew();
        var task = Task.Run(load);
        try { Assert.True(task.Wait(TimeSpan.FromSeconds(10)), "loading did not finish"); }
        catch (AggregateException) { }
        var e = Assert.IsType<T>(Assert.IsType<AggregateException>(task.Exception).InnerException);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"refusing took {watch.Elapsed}");
        Has(e.Message, mustName);
        return e;
    }

    private static void Has(string message, string part) =>
        Assert.True(message.Contains(part, StringComparison.Ordinal), $"\"{part}\" not in: {message}");

    private const string SmallModel = "\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2}, \"merges\": [\"a b\"]}";
    private const string ByteLevelPre = "\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"use_regex\": true}";

    [Fact]
    public void A_small_valid_file_loads()
    {
        string path = WriteFile("ok.json", "{" + SmallModel + ", " + ByteLevelPre + "}");
        var t = BpeTokenizer.FromTokenizerJson(path);
        Assert.Equal([2], t.Tokenize("ab").Select(x => x.Id));
        Assert.Equal(3, t.VocabSize);
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = Path.Combine(_dir, "fifo.json");
        using (var p = Process.Start("mkfifo", path)) p.WaitForExit();
        var e = Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), "fifo.json");
        Has(e.Message, "named pipe");
    }

    [Fact]
    public void Dev_zero_is_refused()
    {
        if (!File.Exists("/dev/zero")) return;
        var e = Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson("/dev/zero"), "/dev/zero");
        Has(e.Message, "character device");
        Refused<InvalidDataException>(() => BpeTokenizer.FromVocabAndMerges("/dev/zero", "/dev/zero"), "/dev/zero");
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_refused()
    {
        Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(Path.Combine(_dir, "nope.json")), "nope.json");
        Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(_dir), _dir);
    }

    [Fact]
    public void An_oversized_file_is_refused()
    {
        string path = Path.Combine(_dir, "huge.json");
        using (var f = File.Create(path)) f.SetLength(TokenizerJsonReader.MaxFileBytes + 1); // sparse
        var e = Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), "huge.json");
        Has(e.Message, "limit");
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        string path = WriteFile("deep.json", "{\"extra\": " + new string('[', 10_000));
        var e = Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), "deep.json");
        Has(e.Message, "nested more than");
        path = WriteFile("deep1.json", "{\"model\": " + new string('[', 10_000));
        Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), "deep1.json");
        path = WriteFile("deep2.json", new string('[', 10_000) + new string(']', 10_000));
        Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), "deep2.json");
        path = WriteFile("deep3.json", "{" + SmallModel + ", \"pre_tokenizer\": " + string.Concat(Enumerable.Repeat("{\"a\": ", 5000)));
        Has(Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), "deep3.json").Message, "nested more than");
    }

    [Fact]
    public void A_wordpiece_model_is_refused_by_name()
    {
        string path = WriteFile("wp.json",
            "{\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK]\", \"vocab\": {\"[UNK]\": 0, \"a\": 1}}, " + ByteLevelPre + "}");
        var e = Refused<NotSupportedException>(() => BpeTokenizer.FromTokenizerJson(path), "wp.json");
        Has(e.Message, "WordPiece");
        path = WriteFile("uni.json", "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", -1.0]]}}");
        Has(Refused<NotSupportedException>(() => BpeTokenizer.FromTokenizerJson(path), "uni.json").Message, "Unigram");
    }

    [Fact]
    public void Truncated_json_is_refused()
    {
        string full = "{" + SmallModel + ", " + ByteLevelPre + "}";
        for (int cut = 1; cut < full.Length; cut += 7)
        {
            string path = WriteFile($"cut{cut}.json", full[..cut]);
            Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), $"cut{cut}.json");
        }
        var gpt2 = Path.Combine(_dir, "gpt2.json");
        BpeJsonSpec.Gpt2().Write(gpt2);
        byte[] bytes = File.ReadAllBytes(gpt2);
        File.WriteAllBytes(gpt2, bytes[..(bytes.Length / 2)]);
        var e = Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(gpt2), "gpt2.json");
        Has(e.Message, "ends in the middle");
    }

    [Fact]
    public void Bad_vocabularies_and_merges_are_refused()
    {
        (string Json, string Expect)[] cases =
        [
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": -1}, \"merges\": []}, " + ByteLevelPre + "}", "out of range"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 99999999}, \"merges\": []}, " + ByteLevelPre + "}", "out of range"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 0}, \"merges\": []}, " + ByteLevelPre + "}", "two tokens"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"a\": 1}, \"merges\": []}, " + ByteLevelPre + "}", "twice"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 1.5}, \"merges\": []}, " + ByteLevelPre + "}", "not an integer"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a c\"]}, " + ByteLevelPre + "}", "not in the vocabulary"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a a\"]}, " + ByteLevelPre + "}", "not in the vocabulary"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"aa\"]}, " + ByteLevelPre + "}", "separated by one space"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [[\"a\"]]}, " + ByteLevelPre + "}", "pair of strings"),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}, " + ByteLevelPre + "}", "no \"merges\""),
            ("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [], \"unk_token\": \"<unk>\"}, " + ByteLevelPre + "}", "unknown token"),
            ("{" + ByteLevelPre + "}", "no \"model\""),
            ("[1, 2]", "not a JSON object"),
            ("{" + SmallModel + ", " + ByteLevelPre + "} {}", "after the top-level value"),
        ];
        int i = 0;
        foreach (var (json, expect) in cases)
        {
            string name = $"bad{i++}.json";
            string path = WriteFile(name, json);
            var e = Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(path), name);
            Has(e.Message, expect);
        }
        string bin = Path.Combine(_dir, "binary.json");
        File.WriteAllBytes(bin, [(byte)'{', 0xFF, 0xFE, (byte)'}']);
        Refused<InvalidDataException>(() => BpeTokenizer.FromTokenizerJson(bin), "binary.json");
    }

    [Fact]
    public void Unsupported_components_are_refused_by_name()
    {
        (string Json, string Expect)[] cases =
        [
            ("{" + SmallModel + ", " + ByteLevelPre + ", \"normalizer\": {\"type\": \"NFKC\"}}", "NFKC"),
            ("{" + SmallModel + ", " + ByteLevelPre + ", \"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"Lowercase\"}]}}", "Lowercase"),
            ("{" + SmallModel + ", \"pre_tokenizer\": {\"type\": \"Whitespace\"}}", "Whitespace"),
            ("{" + SmallModel + ", \"pre_tokenizer\": null}", "no pre-tokenizer"),
            ("{" + SmallModel + ", \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"ByteLevel\"}, {\"type\": \"Digits\"}]}}", "Digits"),
            ("{" + SmallModel + ", \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": {\"Regex\": \"a++\"}, \"behavior\": \"Isolated\", \"invert\": false}, {\"type\": \"ByteLevel\"}]}}", "regular expression"),
            ("{" + SmallModel + ", \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": {\"Regex\": \"a\"}, \"behavior\": \"Sideways\", \"invert\": false}, {\"type\": \"ByteLevel\"}]}}", "Sideways"),
            ("{\"model\": {\"type\": \"BPE\", \"dropout\": 0.1, \"vocab\": {\"a\": 0}, \"merges\": []}, " + ByteLevelPre + "}", "dropout"),
        ];
        int i = 0;
        foreach (var (json, expect) in cases)
        {
            string name = $"unsupported{i++}.json";
            string path = WriteFile(name, json);
            var e = Refused<NotSupportedException>(() => BpeTokenizer.FromTokenizerJson(path), name);
            Has(e.Message, expect);
        }
    }

    [Fact]
    public void Gpt2_vocab_json_and_merges_txt_give_the_same_ids_as_tokenizer_json()
    {
        string vocabPath = Path.Combine(_dir, "vocab.json");
        var vocab = new Dictionary<string, int>(Gpt2Vocab.Vocab) { [Gpt2Vocab.EndOfText] = 50256 };
        File.WriteAllText(vocabPath, JsonSerializer.Serialize(vocab));
        string mergesPath = Path.Combine(_dir, "merges.txt");
        File.WriteAllText(mergesPath, "#version: 0.2\n" + string.Join("\n", Gpt2Vocab.Merges.Select(m => m.Left + " " + m.Right)) + "\n");
        var fromFiles = BpeTokenizer.FromVocabAndMerges(vocabPath, mergesPath);

        string jsonPath = Path.Combine(_dir, "tokenizer.json");
        BpeJsonSpec.Gpt2().Write(jsonPath);
        var fromJson = BpeTokenizer.FromTokenizerJson(jsonPath);

        Assert.Equal(50256, fromFiles.TokenId(Gpt2Vocab.EndOfText));
        Assert.Equal(50256, fromFiles.SpecialTokens[Gpt2Vocab.EndOfText]);
        Assert.Equal(50257, fromFiles.VocabSize);
        foreach (var s in ByteLevelBpeOracleTests.Cases.Concat(TestText.Cases))
            Assert.Equal(fromJson.Tokenize(s), fromFiles.Tokenize(s));

        File.WriteAllText(mergesPath, "#version: 0.2\nĠ t\nnot-a-merge\n");
        var e = Refused<InvalidDataException>(() => BpeTokenizer.FromVocabAndMerges(vocabPath, mergesPath), "merges.txt");
        Has(e.Message, "line 3");
    }
}
