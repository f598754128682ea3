using System.Buffers;

namespace InterpLsp.Model.Tokenization;

/// <summary>A token of the source text: vocabulary id and its UTF-16 range [Start, End) in the ORIGINAL text.</summary>
/// <remarks>
/// Ranges are increasing and never overlap; they never split a surrogate pair. A range covers the original
/// characters whose normalised form the token spells, plus characters removed by normalisation right after them
/// (stripped accents, zero-width and control characters). When one original character normalises to several
/// characters that fall into different word pieces (a Hangul syllable is 2-3 jamo, U+09CB is two vowel signs), the
/// first of those pieces gets the character and the others get an empty range at its end.
/// </remarks>
public readonly record struct TokenSpan(int Id, int Start, int End);

/// <summary>
/// Hugging Face's BERT uncased tokenizer (the Rust <c>tokenizers</c> pipeline of <c>BertTokenizerFast</c> with
/// <c>do_lower_case=True</c>): <c>BertNormalizer {clean_text, handle_chinese_chars, lowercase, strip_accents =
/// lowercase}</c>, <c>BertPreTokenizer</c>, then <c>WordPiece {unk "[UNK]", prefix "##", max_input_chars_per_word
/// 100}</c>, with the range of every token in the original text.
/// </summary>
/// <remarks>
/// <para>Ids are identical to those of <c>tokenizers</c> 0.22 (checked by the tests against the Rust library over
/// every code point). Normalisation and pre-tokenisation: see <see cref="BertNormalizer"/> and
/// <see cref="BertCharTable"/> (HF's Unicode tables are older than .NET's; these are frozen copies of HF's).</para>
/// <para>WordPiece: a word longer than 100 characters (Unicode scalar values of the normalised word, as Rust's
/// <c>str::chars().count()</c>, not UTF-16 units) is one [UNK]; otherwise the longest vocabulary entry that prefixes
/// the rest of the word is taken (with "##" after the first piece); if some rest has no match, the whole word is one
/// [UNK].</para>
/// <para>Special tokens: the Hub's tokenizer.json files also declare [PAD]/[UNK]/[CLS]/[SEP]/[MASK] as special added
/// tokens, which makes HF map those literal strings in the input to their ids. That is off by default (the text
/// "[SEP]" is then "[", "sep", "]") and on with <c>FromVocab(reader, matchSpecialTokens: true)</c>.</para>
/// <para>Thread-safe: <see cref="Tokenize"/> keeps no state between calls.</para>
/// </remarks>
public sealed class BertWordPieceTokenizer : ITokenizer
{
    private const string ContinuingSubwordPrefix = "##";

    private readonly string[] _idToToken;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordStart;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuation;
    // Longest entry (UTF-16 units) starting with a given unit, for word starts and for "##" continuations: the
    // greedy search starts at that length instead of at the end of the word (most scripts other than Latin have
    // only single characters in the vocabulary, and this saves a dozen failed lookups per piece).
    private readonly byte[] _maxWordStartLength = new byte[0x10000];
    private readonly byte[] _maxContinuationLength = new byte[0x10000];
    private readonly SpecialTokenMatcher? _specials;

    private BertWordPieceTokenizer(List<string> tokens, bool matchSpecialTokens)
    {
        _idToToken = tokens.ToArray();
        // Duplicate lines: the last id wins, as in a JSON vocab map or Python's load_vocab.
        var wordStart = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        var continuation = new Dictionary<string, int>(tokens.Count / 4, StringComparer.Ordinal);
        for (int id = 0; id < tokens.Count; id++)
        {
            string t = tokens[id];
            wordStart[t] = id;
            NoteLength(_maxWordStartLength, t);
            // "##xyz" is looked up as "xyz" after the first piece of a word (HF looks up "##" + rest).
            if (t.Length > ContinuingSubwordPrefix.Length && t.StartsWith(ContinuingSubwordPrefix, StringComparison.Ordinal))
            {
                string rest = t[ContinuingSubwordPrefix.Length..];
                continuation[rest] = id;
                NoteLength(_maxContinuationLength, rest);
            }
        }
        _wordStart = wordStart.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuation = continuation.GetAlternateLookup<ReadOnlySpan<char>>();

        UnkId = Required(wordStart, "[UNK]");
        ClsId = Required(wordStart, "[CLS]");
        SepId = Required(wordStart, "[SEP]");
        PadId = Required(wordStart, "[PAD]");

        if (matchSpecialTokens)
        {
            var specials = new List<(string, int)>();
            foreach (var t in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" })
                if (wordStart.TryGetValue(t, out int id)) specials.Add((t, id));
            _specials = new SpecialTokenMatcher(specials);
        }
    }

    /// <summary>Reads a BERT <c>vocab.txt</c>: one token per line, id = line index (0-based).</summary>
    public static BertWordPieceTokenizer FromVocab(TextReader vocab) => FromVocab(vocab, matchSpecialTokens: false);

    /// <summary>Reads a BERT <c>vocab.txt</c>: one token per line, id = line index (0-based).</summary>
    /// <param name="vocab">the vocabulary</param>
    /// <param name="matchSpecialTokens">map the literal strings [PAD], [UNK], [CLS], [SEP], [MASK] in the input to
    /// their ids, as a Hub tokenizer.json (which declares them as special added tokens) does</param>
    public static BertWordPieceTokenizer FromVocab(TextReader vocab, bool matchSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        var tokens = new List<string>(32_000);
        string? line;
        // Lines are taken as they are (no trimming): HF's vocab loader only strips the line break.
        while ((line = vocab.ReadLine()) != null) tokens.Add(line);
        return new BertWordPieceTokenizer(tokens, matchSpecialTokens);
    }

    /// <summary>A vocabulary given as its tokens in id order (a tokenizer.json's WordPiece vocab, sorted by id).</summary>
    public static BertWordPieceTokenizer FromTokens(IEnumerable<string> tokens, bool matchSpecialTokens = false) =>
        new(tokens.ToList(), matchSpecialTokens);

    public int VocabSize => _idToToken.Length;
    public int ClsId { get; }
    public int SepId { get; }
    public int UnkId { get; }
    public int PadId { get; }

    /// <summary>A word (after normalisation) longer than this many Unicode scalar values becomes one [UNK].</summary>
    public int MaxInputCharsPerWord => 100;

    public string IdToToken(int id) => _idToToken[id];

    /// <summary>Tokenizes <paramref name="text"/>, without [CLS]/[SEP].</summary>
    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var norm = BertNormalizer.Normalize(text, _specials);
        var result = new TokenBuffer(norm.WordCount + norm.WordCount / 2 + 16);
        // (end unit, id) of the pieces of the current word, committed only if the whole word matches.
        Span<(int End, int Id)> pieces = stackalloc (int, int)[2 * MaxInputCharsPerWord + 2];
        int prevEnd = 0;
        for (int w = 0; w < norm.WordCount; w++)
        {
            var word = norm.Words[w];
            if (word.SpecialId >= 0)
            {
                result.Add(new TokenSpan(word.SpecialId, word.Start, word.End));
                prevEnd = word.End;
                continue;
            }

            int count = WordPiece(norm.Chars, word.Start, word.End, pieces);
            if (count < 0)
            {
                // Too long, or some rest of the word has no match: the whole word is [UNK].
                prevEnd = norm.SrcEnd[word.End - 1];
                result.Add(new TokenSpan(UnkId, norm.SrcStart[word.Start], prevEnd));
                continue;
            }

            int ps = word.Start;
            for (int k = 0; k < count; k++)
            {
                int pe = pieces[k].End;
                // The piece owns the original characters whose first normalised unit lies in it.
                int owner = -1;
                for (int u = ps; u < pe; u++)
                {
                    if (u == word.Start || norm.SrcStart[u] != norm.SrcStart[u - 1]) { owner = u; break; }
                }
                int start, end;
                if (owner < 0)
                {
                    start = end = prevEnd; // all of it comes from a character the previous piece owns
                }
                else
                {
                    start = norm.SrcStart[owner];
                    end = norm.SrcEnd[pe - 1];
                }
                result.Add(new TokenSpan(pieces[k].Id, start, end));
                prevEnd = end;
                ps = pe;
            }
        }
        return result.ToArrayAndReturn();
    }

    /// <summary>Pooled growable buffer for the result, copied once to an array of the exact size.</summary>
    private struct TokenBuffer(int capacity)
    {
        private TokenSpan[] _items = ArrayPool<TokenSpan>.Shared.Rent(capacity);
        private int _count;

        public void Add(TokenSpan t)
        {
            if (_count == _items.Length)
            {
                var bigger = ArrayPool<TokenSpan>.Shared.Rent(_items.Length * 2);
                Array.Copy(_items, bigger, _count);
                ArrayPool<TokenSpan>.Shared.Return(_items);
                _items = bigger;
            }
            _items[_count++] = t;
        }

        public TokenSpan[] ToArrayAndReturn()
        {
            var r = _items.AsSpan(0, _count).ToArray();
            ArrayPool<TokenSpan>.Shared.Return(_items);
            _items = [];
            return r;
        }
    }

    /// <summary>
    /// Greedy longest-match-first WordPiece over the word <c>chars[start..end)</c>. Returns the number of pieces
    /// written to <paramref name="pieces"/>, or -1 if the word is [UNK].
    /// </summary>
    private int WordPiece(char[] chars, int start, int end, Span<(int End, int Id)> pieces)
    {
        int units = end - start;
        if (units > MaxInputCharsPerWord)
        {
            // Count scalar values, as HF's chars().count(): a surrogate pair is one character.
            int scalars = units;
            for (int u = start; u < end; u++)
                if (char.IsLowSurrogate(chars[u])) scalars--;
            if (scalars > MaxInputCharsPerWord) return -1;
        }

        int count = 0;
        int pos = start;
        while (pos < end)
        {
            bool first = pos == start;
            var lookup = first ? _wordStart : _continuation;
            // No entry is longer than the longest one starting with this unit: start there.
            int stop = Math.Min(end, pos + (first ? _maxWordStartLength : _maxContinuationLength)[chars[pos]]);
            if (stop < end && char.IsLowSurrogate(chars[stop])) stop--;
            int id = -1;
            while (stop > pos)
            {
                if (lookup.TryGetValue(chars.AsSpan(pos, stop - pos), out id)) break;
                id = -1;
                // Shorten by one scalar value.
                stop -= stop - pos >= 2 && char.IsLowSurrogate(chars[stop - 1]) ? 2 : 1;
            }
            if (id < 0) return -1;
            pieces[count++] = (stop, id);
            pos = stop;
        }
        return count;
    }

    private static void NoteLength(byte[] maxLength, string token)
    {
        // Saturates at 255, which is more than any word that is looked up (at most 100 scalar values = 200 units).
        if (token.Length == 0) return;
        int len = Math.Min(token.Length, 255);
        if (len > maxLength[token[0]]) maxLength[token[0]] = (byte)len;
    }

    private static int Required(Dictionary<string, int> vocab, string token) =>
        vocab.TryGetValue(token, out int id)
            ? id
            : throw new InvalidDataException($"The vocabulary has no {token} token.");
}
