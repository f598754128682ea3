using System.IO.Compression;
using System.Text;
using System.Text.Json;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.WordNet;

/// <summary>
/// Reads the prepared lexicon file (client/scripts/prepare-lexicon.mjs describes its lines): a gzip JSONL file of a
/// header, then the synset lines (<c>"s"</c>), then the index lines (<c>"l"</c>), then the exception lines
/// (<c>"x"</c>). The file is the build's own, so any line it cannot read, a key that appears twice, a reference to
/// a synset it does not hold (an index line's senses must be synsets of lines above it), or counts that differ
/// from the header's fail the whole load with an <see cref="ArgumentException"/> naming the file and the line.
/// Limits: the file at most <see cref="MaxFileBytes"/>, a line at most <see cref="MaxLineBytes"/>, each count in
/// the header at most <see cref="MaxCount"/>; reading stops at the first line past the header's counts, so a
/// corrupt file cannot make the load unbounded. Lines are read with a forward-only reader into flat arrays
/// (<see cref="LexiconTables"/>): a load makes about one object per lemma and synset.
/// </summary>
internal static class WordNetLexiconFile
{
    public const string Format = "interp-lsp/wordnet-lexicon";
    public const int MaxLineBytes = 1 << 20;
    public const long MaxFileBytes = 256L << 20;
    public const int MaxCount = 10_000_000;

    private sealed record Header(int Synsets, int Lemmas, int Exceptions);

    public static LexiconTables Read(string path)
    {
        ArgumentException Fail(string problem) =>
            new($"the WordNet lexicon {Echo.Origin(path)} {problem}; run ./setup.sh to prepare it"
                + $" (or set {WordNetLexicon.PathVariable} to a prepared lexicon file)");
        var b = new Builder();
        Header? header = null;
        foreach (var (n, line) in Corpora.PreparedGzipLines.Read(path, Fail, MaxFileBytes, MaxLineBytes, CancellationToken.None))
        {
            if (n == 1)
            {
                header = HeaderOf(line.Span) ?? throw Fail("has no lexicon header (is it a prepared lexicon?)");
                b.Reserve(header.Synsets, header.Lemmas);
                continue;
            }
            if (n - 1 > (long)header!.Synsets + header.Lemmas + header.Exceptions)
                throw Fail($"line {n}: more lines than its header counts");
            string? problem;
            try { problem = b.Line(line.Span); }
            catch (JsonException) { problem = "not valid JSON"; }
            if (problem is not null) throw Fail($"line {n}: {problem}");
        }
        if (header is null) throw Fail("is empty");
        if (b.Synsets != header.Synsets || b.Entries != header.Lemmas || b.ExceptionCount != header.Exceptions)
            throw Fail($"holds {b.Synsets:N0} synsets, {b.Entries:N0} index entries and {b.ExceptionCount:N0} exceptions;"
                + $" its header says {header.Synsets:N0}, {header.Lemmas:N0} and {header.Exceptions:N0} (truncated?)");
        return b.Build(Fail);
    }

    private static Header? HeaderOf(ReadOnlySpan<byte> line)
    {
        try
        {
            using var json = JsonDocument.Parse(line.ToArray());
            var e = json.RootElement;
            if (e.ValueKind != JsonValueKind.Object) return null;
            int? Count(string name) =>
                e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int c) && c >= 0 && c <= MaxCount ? c : null;
            return e.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == Format
                   && e.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int version) && version == 1
                   && Count("synsets") is int s && Count("lemmas") is int l && Count("exceptions") is int x
                ? new Header(s, l, x) : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>Collects lines into growing flat lists; <see cref="Build"/> resolves the hypernyms and makes the tables.</summary>
    private sealed class Builder
    {
        private readonly List<string> _keys = [];
        private readonly List<char> _types = [];
        private readonly List<string> _lexnames = [];
        private readonly List<(byte[] Utf8, string Name)> _lexnameNames = [];
        private readonly List<int> _lemmaStart = [];
        private readonly List<string> _lemmas = [];
        private readonly List<int> _definitionStart = [];
        private byte[] _definitions = new byte[1 << 16];
        private int _definitionLength;
        private readonly List<int> _hypernymStart = [];
        private readonly List<int> _hypernymCodes = [];
        private readonly Dictionary<int, int> _byCode = [];
        private readonly Dictionary<string, (int Start, int Count)>[] _index = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
        private readonly List<int> _senses = [];
        private readonly List<int> _tags = [];
        private readonly Dictionary<string, string[]>[] _exceptions = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
        private readonly List<string> _strings = [];
        private byte[] _scratch = new byte[256];
        private char _kind = 's';

        public int Synsets => _keys.Count;
        public int Entries { get; private set; }
        public int ExceptionCount { get; private set; }

        public void Reserve(int synsets, int entries)
        {
            // Capacities only (the header's counts are checked against the lines at the end).
            int s = Math.Min(synsets, 1 << 20), e = Math.Min(entries, 1 << 20);
            _keys.Capacity = _types.Capacity = _lexnames.Capacity = _lemmaStart.Capacity = _definitionStart.Capacity = _hypernymStart.Capacity = s;
            _lemmas.Capacity = 2 * s;
            _hypernymCodes.Capacity = s + s / 4;
            _byCode.EnsureCapacity(s);
            _senses.Capacity = _tags.Capacity = e + e / 2;
        }

        /// <summary>Reads one line; the problem with it, or null.</summary>
        public string? Line(ReadOnlySpan<byte> line)
        {
            var r = new Utf8JsonReader(line);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return "not a JSON object";
            var probe = r;
            if (!probe.Read() || probe.TokenType != JsonTokenType.PropertyName) return "not a synset, index or exception line";
            char kind = probe.ValueTextEquals("s"u8) ? 's' : probe.ValueTextEquals("l"u8) ? 'l' : probe.ValueTextEquals("x"u8) ? 'x' : '\0';
            if (kind == '\0') return "not a synset, index or exception line";
            if ("slx".IndexOf(kind) < "slx".IndexOf(_kind)) return "out of order (synset lines, then index lines, then exception lines)";
            _kind = kind;
            return kind switch
            {
                's' => Synset(ref r),
                'l' => IndexEntry(ref r),
                _ => Exception(ref r),
            };
        }

        private string? Synset(ref Utf8JsonReader r)
        {
            int code = -1, lemmaStart = _lemmas.Count, hyperStart = _hypernymCodes.Count, definitionStart = _definitionLength;
            char type = '\0';
            string? lexname = null;
            bool lemmas = false, hypers = false, definition = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("s"u8))
                {
                    if (code >= 0 || !Next(ref r, JsonTokenType.String) || (code = WordNetPos.Code(Raw(ref r))) < 0) return "not a synset line (its key)";
                }
                else if (r.ValueTextEquals("pos"u8))
                {
                    if (type != '\0' || !Next(ref r, JsonTokenType.String) || Raw(ref r) is not [var t] || "nvasr".IndexOf((char)t) < 0) return "not a synset line (its pos)";
                    type = (char)t;
                }
                else if (r.ValueTextEquals("lex"u8))
                {
                    if (lexname is not null || !Next(ref r, JsonTokenType.String) || Raw(ref r).Length == 0) return "not a synset line (its lex)";
                    lexname = Lexname(ref r);
                }
                else if (r.ValueTextEquals("def"u8))
                {
                    if (definition || !Next(ref r, JsonTokenType.String)) return "not a synset line (its def)";
                    definition = true;
                    AppendDefinition(ref r);
                }
                else if (r.ValueTextEquals("lemmas"u8))
                {
                    if (lemmas || !Strings(ref r, _lemmas) || _lemmas.Count == lemmaStart) return "not a synset line (its lemmas)";
                    lemmas = true;
                }
                else if (r.ValueTextEquals("hyper"u8))
                {
                    if (hypers || !Codes(ref r, _hypernymCodes)) return "not a synset line (its hyper)";
                    hypers = true;
                }
                else if (!r.TrySkip()) return "not a synset line";
            }
            if (!End(ref r) || code < 0 || type == '\0' || lexname is null || !definition || !lemmas || !hypers)
                return "not a synset line";
            for (int i = lemmaStart; i < _lemmas.Count; i++) if (_lemmas[i].Length == 0) return "not a synset line (an empty lemma)";
            var key = KeyOf(code); // the canonical spelling (the line's own bytes are the same for a valid key)
            if (WordNetPos.Of(type) != code / 100_000_000) return $"synset {key}: type {type} is not of its file";
            if (!_byCode.TryAdd(code, _keys.Count)) return $"synset {key} appears twice";
            _keys.Add(key);
            _types.Add(type);
            _lexnames.Add(lexname);
            _lemmaStart.Add(lemmaStart);
            _hypernymStart.Add(hyperStart);
            _definitionStart.Add(definitionStart);
            return null;
        }

        private string? IndexEntry(ref Utf8JsonReader r)
        {
            string? lemma = null;
            int pos = -1, senseStart = _senses.Count, tagStart = _tags.Count;
            bool senses = false, tags = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("l"u8))
                {
                    if (lemma is not null || !Next(ref r, JsonTokenType.String) || (lemma = r.GetString()!).Length == 0) return "not an index line (its l)";
                }
                else if (r.ValueTextEquals("p"u8))
                {
                    if (pos >= 0 || (pos = Pos(ref r)) < 0) return "not an index line (its p)";
                }
                else if (r.ValueTextEquals("senses"u8))
                {
                    if (senses || !Codes(ref r, _senses) || _senses.Count == senseStart) return "not an index line (its senses)";
                    senses = true;
                }
                else if (r.ValueTextEquals("tags"u8))
                {
                    if (tags || !Counts(ref r, _tags)) return "not an index line (its tags)";
                    tags = true;
                }
                else if (!r.TrySkip()) return "not an index line";
            }
            if (!End(ref r) || lemma is null || pos < 0 || !senses || !tags || senseStart != tagStart || _senses.Count != _tags.Count)
                return "not an index line";
            for (int i = senseStart; i < _senses.Count; i++)
            {
                int code = _senses[i];
                if (code / 100_000_000 != pos || !_byCode.TryGetValue(code, out int id))
                    return $"sense {KeyOf(code)} of {Echo.Input(lemma)} is not a synset of its part of speech";
                _senses[i] = id;
            }
            if (!_index[pos].TryAdd(lemma, (senseStart, _senses.Count - senseStart))) return $"index entry {Echo.Input(lemma)} appears twice";
            Entries++;
            return null;
        }

        private string? Exception(ref Utf8JsonReader r)
        {
            string? form = null;
            int pos = -1;
            string[]? bases = null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("x"u8))
                {
                    if (form is not null || !Next(ref r, JsonTokenType.String) || (form = r.GetString()!).Length == 0) return "not an exception line (its x)";
                }
                else if (r.ValueTextEquals("p"u8))
                {
                    if (pos >= 0 || (pos = Pos(ref r)) < 0) return "not an exception line (its p)";
                }
                else if (r.ValueTextEquals("bases"u8))
                {
                    _strings.Clear();
                    if (bases is not null || !Strings(ref r, _strings) || _strings.Count == 0 || _strings.Any(s => s.Length == 0))
                        return "not an exception line (its bases)";
                    bases = [.. _strings];
                }
                else if (!r.TrySkip()) return "not an exception line";
            }
            if (!End(ref r) || form is null || pos < 0 || bases is null) return "not an exception line";
            if (!_exceptions[pos].TryAdd(form, bases)) return $"exception {Echo.Input(form)} appears twice";
            ExceptionCount++;
            return null;
        }

        /// <summary>The tables; <paramref name="fail"/> makes the exception for the first reference that does not resolve.</summary>
        public LexiconTables Build(Func<string, ArgumentException> fail)
        {
            int n = _keys.Count;
            _lemmaStart.Add(_lemmas.Count);
            _hypernymStart.Add(_hypernymCodes.Count);
            _definitionStart.Add(_definitionLength);
            var hypernyms = new int[_hypernymCodes.Count];
            var childCounts = new int[n + 1];
            for (int i = 0; i < n; i++)
                for (int k = _hypernymStart[i]; k < _hypernymStart[i + 1]; k++)
                {
                    if (!_byCode.TryGetValue(_hypernymCodes[k], out hypernyms[k]))
                        throw fail($"synset {_keys[i]}: hypernym {KeyOf(_hypernymCodes[k])} is not a synset of the lexicon");
                    childCounts[hypernyms[k] + 1]++;
                }
            // Hyponyms: the inverse, each synset's children in file order.
            var hyponymStart = new int[n + 1];
            for (int i = 0; i < n; i++) hyponymStart[i + 1] = hyponymStart[i] + childCounts[i + 1];
            var hyponyms = new int[hypernyms.Length];
            var fill = hyponymStart[..n];
            for (int i = 0; i < n; i++)
                for (int k = _hypernymStart[i]; k < _hypernymStart[i + 1]; k++) hyponyms[fill[hypernyms[k]]++] = i;

            var lemmaStart = _lemmaStart.ToArray();
            var senses = _senses.ToArray();
            var byLexname = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                // Every synset's first lemma's index entry lists it (its NLTK-style name is its place there).
                var first = _lemmas[lemmaStart[i]].ToLowerInvariant();
                if (!_index[WordNetPos.Of(_types[i])].TryGetValue(first, out var e) || senses.AsSpan(e.Start, e.Count).IndexOf(i) < 0)
                    throw fail($"synset {_keys[i]}: its first lemma's index entry does not list it");
                if (!byLexname.TryGetValue(_lexnames[i], out var list)) byLexname[_lexnames[i]] = list = [];
                list.Add(i);
            }
            return new LexiconTables
            {
                Keys = [.. _keys],
                Types = [.. _types],
                Lexnames = [.. _lexnames],
                LemmaStart = lemmaStart,
                Lemmas = [.. _lemmas],
                DefinitionStart = [.. _definitionStart],
                Definitions = _definitions.AsSpan(0, _definitionLength).ToArray(),
                HypernymStart = [.. _hypernymStart],
                Hypernyms = hypernyms,
                HyponymStart = hyponymStart,
                Hyponyms = hyponyms,
                ByCode = _byCode,
                Index = _index,
                Senses = senses,
                Tags = [.. _tags],
                Exceptions = _exceptions,
                ByLexname = byLexname.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            };
        }

        private static string KeyOf(int code) => $"{WordNetPos.Letters[code / 100_000_000]}.{code % 100_000_000:D8}";

        /// <summary>The current string token's bytes, unescaped.</summary>
        private ReadOnlySpan<byte> Raw(ref Utf8JsonReader r)
        {
            if (!r.ValueIsEscaped) return r.ValueSpan;
            if (_scratch.Length < r.ValueSpan.Length) _scratch = new byte[r.ValueSpan.Length];
            return _scratch.AsSpan(0, r.CopyString(_scratch));
        }

        /// <summary>The current string token as one of the lexicographer files seen (one string each), or a new one.</summary>
        private string Lexname(ref Utf8JsonReader r)
        {
            var raw = Raw(ref r);
            foreach (var (utf8, name) in _lexnameNames)
                if (raw.SequenceEqual(utf8)) return name;
            var added = Encoding.UTF8.GetString(raw);
            _lexnameNames.Add((raw.ToArray(), added));
            return added;
        }

        private void AppendDefinition(ref Utf8JsonReader r)
        {
            int need = _definitionLength + r.ValueSpan.Length; // unescaping never lengthens
            if (need > _definitions.Length) Array.Resize(ref _definitions, Math.Max(need, 2 * _definitions.Length));
            _definitionLength += r.CopyString(_definitions.AsSpan(_definitionLength));
        }

        private static int Pos(ref Utf8JsonReader r) =>
            Next(ref r, JsonTokenType.String) && r.ValueSpan is [var p] && !r.ValueIsEscaped ? WordNetPos.Letters.IndexOf((char)p) : -1;

        private static bool Next(ref Utf8JsonReader r, JsonTokenType type) => r.Read() && r.TokenType == type;

        private static bool End(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.EndObject && !r.Read();

        private static bool Strings(ref Utf8JsonReader r, List<string> into)
        {
            if (!Next(ref r, JsonTokenType.StartArray)) return false;
            while (r.Read() && r.TokenType == JsonTokenType.String) into.Add(r.GetString()!);
            return r.TokenType == JsonTokenType.EndArray;
        }

        private bool Codes(ref Utf8JsonReader r, List<int> into)
        {
            if (!Next(ref r, JsonTokenType.StartArray)) return false;
            while (r.Read() && r.TokenType == JsonTokenType.String)
            {
                int code = WordNetPos.Code(Raw(ref r));
                if (code < 0) return false;
                into.Add(code);
            }
            return r.TokenType == JsonTokenType.EndArray;
        }

        private static bool Counts(ref Utf8JsonReader r, List<int> into)
        {
            if (!Next(ref r, JsonTokenType.StartArray)) return false;
            while (r.Read() && r.TokenType == JsonTokenType.Number)
            {
                if (!r.TryGetInt32(out int c) || c < 0) return false;
                into.Add(c);
            }
            return r.TokenType == JsonTokenType.EndArray;
        }
    }
}
