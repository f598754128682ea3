using System.Collections.ObjectModel;
using System.Text;

namespace InterpLsp.Model.Tokenization;

/// <summary>
/// The BPE tokenizers of tokenizer.json files: byte-level (below) and SentencePiece-style over characters with byte
/// fallback (Llama 2, Mistral: the legacy Prepend("▁") + Replace(" ", "▁") normalizer or a Metaspace pre-tokenizer,
/// see <see cref="IsMetaspace"/>; checked against the Rust library as the byte-level kind is).
/// The byte-level BPE tokenizer of GPT-2, GPT-NeoX/Pythia, Llama 3 and Qwen2, as Hugging Face <c>tokenizers</c> (the
/// Rust library, 0.22) runs it from a tokenizer.json: added tokens, then the pre-tokenizer (Split steps and/or
/// ByteLevel with GPT-2's pattern), then BPE over each pre-token's UTF-8 bytes written in GPT-2's byte alphabet
/// (<see cref="ByteLevelAlphabet"/>), after HF's NFC normalizer where the file declares it (Qwen2, Pythia). Ids are the same as HF's (checked by the tests against the Rust library); the
/// post-processor is not applied (no BOS is added: a model adds its own).
/// </summary>
/// <remarks>
/// <para><b>Offsets.</b> Each token's [Start, End) is a UTF-16 range of the original text. Byte-level BPE works on
/// UTF-8 bytes, so one character (an emoji, a CJK character) can be split across tokens. The rule: a character
/// belongs to the token that holds its <i>first</i> byte; a token that holds only continuation bytes of a character
/// gets an empty range at that character's end. A token's range runs from the first to the last character it owns,
/// so ranges are non-decreasing, never overlap, never split a surrogate pair, and (with a vocabulary that has all 256
/// bytes) cover the whole text. The space that add_prefix_space adds is in no range: a token of only that space has
/// an empty range where its piece starts. An added (special) token's range is its match, including the whitespace
/// that lstrip/rstrip take. With the NFC normalizer, characters that normalize together (e + U+0301 → é) form one
/// group with the range of all of them; the first token that holds a first byte of the group gets the range, later
/// ones an empty range at its end.</para>
/// <para><b>Added tokens</b> (tokenizer.json's <c>added_tokens</c>) are matched literally in the input before
/// pre-tokenization, leftmost and then longest, as HF does (first those declared <c>normalized: false</c> over the
/// whole text, then the others over what remains), honouring single_word, lstrip and rstrip. Their ids are given as HF
/// gives them: the vocabulary's id when the content is in the vocabulary, else the next id after the vocabulary.</para>
/// <para><b>Lone surrogates</b> (invalid UTF-16, which HF's Rust side cannot take) are encoded as U+FFFD (bytes EF BF
/// BD), each with the range of the one surrogate.</para>
/// <para><b>Regular expressions.</b> Split patterns (Oniguruma in HF) run on .NET's engine over a projection of the
/// text with one UTF-16 unit per code point (see <see cref="CodePointText"/>), so that <c>\p{L}</c> sees a letter
/// outside the BMP as one letter.</para>
/// <para><b>Supported</b>: model BPE (vocab, merges as "a b" or ["a", "b"], unk_token, fuse_unk, byte_fallback,
/// continuing_subword_prefix, end_of_word_suffix, ignore_merges; no dropout); normalizer none or NFC (HF's Unicode 9.0
/// tables, see <see cref="NfcTable"/>), or SentencePiece's Prepend + Replace; pre-tokenizer Metaspace (any prepend_scheme,
/// split or not), or ByteLevel
/// (add_prefix_space, use_regex) alone or last in a Sequence after Split steps (Regex or String pattern, any behavior,
/// invert). Anything else is refused with a <see cref="NotSupportedException"/> that names it; a malformed file with an
/// <see cref="InvalidDataException"/> that names the file.</para>
/// <para>Thread-safe: <see cref="Tokenize"/> keeps no state between calls except a bounded concurrent cache of BPE
/// results per pre-token.</para>
/// </remarks>
public sealed class BpeTokenizer : ITokenizer
{
    private readonly Dictionary<string, int> _vocab;
    private readonly string?[] _idToToken;
    private readonly BpeMerger _bpe;
    private readonly AddedTokenMatcher _nonNormalizedAdded;
    private readonly AddedTokenMatcher _normalizedAdded;
    private readonly Dictionary<string, int> _added;
    private readonly IReadOnlyList<SplitStep> _splits;
    private readonly ByteLevelStep? _byteLevel;
    private readonly MetaspaceStep? _metaspace;
    private readonly bool _nfc;

    private BpeTokenizer(BpeDefinition d)
    {
        string origin = d.Origin;
        _vocab = d.Vocab;
        int maxId = -1;
        foreach (var id in d.Vocab.Values) maxId = Math.Max(maxId, id);

        // Merges: (left id, right id) → (rank, merged id); a later duplicate pair replaces an earlier one (a HashMap).
        var merges = new Dictionary<long, (int Rank, int NewId)>(d.Merges.Count);
        int prefixLength = d.Options.ContinuingSubwordPrefix?.Length ?? 0;
        for (int rank = 0; rank < d.Merges.Count; rank++)
        {
            var (a, b) = d.Merges[rank];
            if (!_vocab.TryGetValue(a, out int aId) || !_vocab.TryGetValue(b, out int bId))
                throw TokenizerJsonReader.Fail(origin, $"merge {rank + 1} has a token that is not in the vocabulary");
            string merged = a + (prefixLength > 0 && b.StartsWith(d.Options.ContinuingSubwordPrefix!, StringComparison.Ordinal) ? b[prefixLength..] : b);
            if (!_vocab.TryGetValue(merged, out int newId))
                throw TokenizerJsonReader.Fail(origin, $"merge {rank + 1} makes a token that is not in the vocabulary");
            merges[BpeMerger.Pair(aId, bId)] = (rank, newId);
        }
        if (d.Options.UnkToken is { } unk && !_vocab.ContainsKey(unk))
            throw TokenizerJsonReader.Fail(origin, "the unknown token (\"unk_token\") is not in the vocabulary");
        _bpe = new BpeMerger(_vocab, merges, d.Options);

        // Added tokens, ids as HF's AddedVocabulary::add_tokens gives them (one at a time, in file order).
        _added = new Dictionary<string, int>(StringComparer.Ordinal);
        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new List<AddedToken>();
        int? maxAdded = null;
        foreach (var t in d.AddedTokens)
        {
            if (t.Content.Length == 0) continue;
            int id;
            if (_added.TryGetValue(t.Content, out int existing)) id = existing;
            else if (_vocab.TryGetValue(t.Content, out int inVocab)) id = inVocab;
            else id = maxAdded is int m && (m >= _vocab.Count || _vocab.Count == 0) ? m + 1 : _vocab.Count;
            _added[t.Content] = id;
            maxAdded = Math.Max(maxAdded ?? id, id);
            maxId = Math.Max(maxId, id);
            if (t.Special) special[t.Content] = id;
            tokens.RemoveAll(x => x.Content == t.Content);
            tokens.Add(t with { Id = id });
        }
        _nfc = d.Nfc;
        _nonNormalizedAdded = new AddedTokenMatcher(tokens.Where(t => !t.Normalized));
        // Tokens declared normalized are matched in the normalized text, by their normalized content.
        _normalizedAdded = new AddedTokenMatcher(tokens.Where(t => t.Normalized)
            .Select(t => _nfc ? t with { Content = CodePointText.OfNfc(t.Content, 0, t.Content.Length).Text } : t));
        AddedTokens = new ReadOnlyDictionary<string, int>(_added);
        SpecialTokens = new ReadOnlyDictionary<string, int>(special);

        _idToToken = new string?[maxId + 1];
        foreach (var (token, id) in _vocab) _idToToken[id] = token;
        foreach (var (token, id) in _added) _idToToken[id] = token;

        _splits = d.Splits;
        _byteLevel = d.ByteLevel;
        _metaspace = d.Metaspace;
        if ((_byteLevel is null) == (_metaspace is null))
            throw TokenizerJsonReader.Fail(origin, "the tokenizer is neither byte-level (ByteLevel) nor SentencePiece-style (Metaspace)");
    }

    /// <summary>True for a SentencePiece-style BPE over characters (Llama 2, Mistral); false for byte-level BPE.</summary>
    public bool IsMetaspace => _metaspace is not null;

    /// <summary>Reads a Hugging Face tokenizer.json (at most 64 MiB, a regular file).</summary>
    /// <exception cref="InvalidDataException">the file is missing, not a regular file, too large, or malformed</exception>
    /// <exception cref="NotSupportedException">the tokenizer is not a byte-level BPE this class runs</exception>
    public static BpeTokenizer FromTokenizerJson(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new BpeTokenizer(TokenizerJsonReader.ReadTokenizerJson(path));
    }

    /// <summary>Reads GPT-2's vocab.json and merges.txt (its first line may be a "#version" comment), with GPT-2's
    /// pre-tokenizer (ByteLevel, GPT-2 pattern, no prefix space).</summary>
    /// <param name="vocabJsonPath">vocab.json: token → id</param>
    /// <param name="mergesTxtPath">merges.txt: one "a b" per line, by rank</param>
    /// <param name="specialTokens">special tokens matched literally in the input; by default "&lt;|endoftext|&gt;" when
    /// the vocabulary has it (as GPT2TokenizerFast does)</param>
    public static BpeTokenizer FromVocabAndMerges(string vocabJsonPath, string mergesTxtPath, IEnumerable<string>? specialTokens = null)
    {
        ArgumentNullException.ThrowIfNull(vocabJsonPath);
        ArgumentNullException.ThrowIfNull(mergesTxtPath);
        return new BpeTokenizer(TokenizerJsonReader.ReadVocabAndMerges(vocabJsonPath, mergesTxtPath, specialTokens));
    }

    /// <summary>Largest id + 1 (vocabulary and added tokens).</summary>
    public int VocabSize => _idToToken.Length;

    /// <summary>Added tokens (special or not) and their ids.</summary>
    public IReadOnlyDictionary<string, int> AddedTokens { get; }

    /// <summary>The added tokens declared special (e.g. "&lt;|endoftext|&gt;", "&lt;|begin_of_text|&gt;").</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>The token's string: in the byte alphabet for vocabulary tokens ("Ġthe"), plain for added tokens.</summary>
    /// <exception cref="ArgumentOutOfRangeException">no token has this id</exception>
    public string IdToToken(int id) =>
        (uint)id < (uint)_idToToken.Length && _idToToken[id] is { } t ? t : throw new ArgumentOutOfRangeException(nameof(id), id, "no token has this id");

    /// <summary>The id of a token (an added token's content, or a vocabulary string in the byte alphabet), or null.</summary>
    public int? TokenId(string token) =>
        _added.TryGetValue(token, out int a) ? a : _vocab.TryGetValue(token, out int v) ? v : null;

    /// <summary>The bytes a token stands for: UTF-8 of an added token's content; for byte-level BPE the decoded byte
    /// alphabet; for SentencePiece-style BPE the byte of a "&lt;0xXX&gt;" token, else the text with "▁" read as a space.</summary>
    public byte[] TokenBytes(int id)
    {
        string t = IdToToken(id);
        if (_added.TryGetValue(t, out int a) && a == id) return Encoding.UTF8.GetBytes(t);
        if (_metaspace is { } m)
            return t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>'
                && byte.TryParse(t.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out byte b)
                ? [b] : Encoding.UTF8.GetBytes(t.Replace(m.Replacement, ' '));
        return ByteLevelAlphabet.Decode(t) ?? Encoding.UTF8.GetBytes(t);
    }

    public IReadOnlyList<TokenSpan> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<TokenSpan>(text.Length / 3 + 4);
        if (text.Length == 0) return result;
        string src = WithoutLoneSurrogates(text);

        // 1. Added tokens declared normalized: false, over the whole original text.
        var first = new List<(int Start, int End, int Id)>();
        _nonNormalizedAdded.Split(src, 0, src.Length, first);

        var scratch = new Scratch();
        var second = new List<(int Start, int End, int Id)>();
        foreach (var (start, end, id) in first)
        {
            if (id >= 0)
            {
                result.Add(new TokenSpan(id, start, end));
                continue;
            }
            // 2. Normalization (NFC or none), then the other added tokens, over the normalized text.
            var cpt = _nfc ? CodePointText.OfNfc(src, start, end) : CodePointText.Of(src, start, end);
            second.Clear();
            _normalizedAdded.Split(cpt.Text, 0, cpt.Text.Length, second);
            foreach (var (s16, e16, addedId) in second)
            {
                int from = cpt.ScalarAt(s16), to = cpt.ScalarAt(e16);
                if (addedId >= 0)
                {
                    int prevEnd = result.Count > 0 ? result[^1].End : 0;
                    int s = Math.Max(cpt.OrigStart[from], prevEnd);
                    result.Add(new TokenSpan(addedId, s, Math.Max(cpt.OrigEnd[to - 1], s)));
                    continue;
                }
                if (_metaspace is not null)
                {
                    EncodeMetaspace(cpt, from, to, scratch, result);
                    continue;
                }
                // 3. Pre-tokenization: Split steps, then ByteLevel; 4. BPE over the bytes of each piece.
                var pieces = new List<TextPiece> { new(from, to, false) };
                var next = new List<TextPiece>();
                foreach (var step in _splits)
                {
                    next.Clear();
                    foreach (var p in pieces) step.Split(cpt, p, next);
                    (pieces, next) = (next, pieces);
                }
                next.Clear();
                foreach (var p in pieces) _byteLevel!.Apply(cpt, p, next);
                foreach (var p in next) Encode(cpt, p, scratch, result);
            }
        }
        return result;
    }

    private sealed class Scratch
    {
        public char[] Chars = new char[64];
        /// <summary>Per byte: the scalar index it belongs to (-1: the synthetic prefix space), negated-minus-2 when
        /// it is not the scalar's first byte.</summary>
        public int[] Owner = new int[64];

        public void Ensure(int n)
        {
            if (Chars.Length >= n) return;
            int size = Math.Max(n, Chars.Length * 2);
            Array.Resize(ref Chars, size);
            Array.Resize(ref Owner, size);
        }
    }

    private void Encode(CodePointText cpt, TextPiece piece, Scratch scratch, List<TokenSpan> result)
    {
        // The piece's bytes in the byte alphabet, and which scalar each byte comes from.
        scratch.Ensure(1 + 4 * (piece.To - piece.From));
        int n = 0;
        if (piece.Prefix)
        {
            scratch.Chars[n] = ByteLevelAlphabet.ByteToChar((byte)' ');
            scratch.Owner[n++] = -1;
        }
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = piece.From; i < piece.To; i++)
        {
            int len = cpt.Utf8(i, utf8);
            for (int k = 0; k < len; k++)
            {
                scratch.Chars[n] = ByteLevelAlphabet.ByteToChar(utf8[k]);
                scratch.Owner[n++] = k == 0 ? i : -2 - i;
            }
        }
        if (n == 0) return;

        var tokens = _bpe.Tokenize(scratch.Chars.AsSpan(0, n));
        // Where the piece's text starts in the original; no token ends before it.
        int prevEnd = piece.From < cpt.Count ? cpt.OrigStart[piece.From] : cpt.OrigEnd[cpt.Count - 1];
        AddRanges(tokens, scratch.Owner.AsSpan(0, n), cpt, prevEnd, result);
    }

    /// <summary>SentencePiece-style BPE of scalars [from, to) (a segment between added tokens): spaces become the
    /// replacement "▁", one is prepended as the tokenizer declares, the text is split before every "▁" when it says so,
    /// and each piece's characters (UTF-16 units) are merged; characters outside the vocabulary fall back to their
    /// "&lt;0xXX&gt;" byte tokens. A prepended "▁" is in no range; a replaced space is in its token's range.</summary>
    private void EncodeMetaspace(CodePointText cpt, int from, int to, Scratch scratch, List<TokenSpan> result)
    {
        if (from >= to) return;
        var m = _metaspace!;
        char rep = m.Replacement;
        scratch.Ensure(1 + 2 * (to - from));
        int n = 0;
        bool startsWithReplacement = cpt.Scalars[from] == ' ' || cpt.Scalars[from] == rep;
        bool prepend = m.Prepend switch
        {
            MetaspacePrepend.EverySegment => true,
            MetaspacePrepend.Always => !startsWithReplacement,
            MetaspacePrepend.First => !startsWithReplacement && cpt.OrigStart[from] == 0,
            _ => false,
        };
        if (prepend) { scratch.Chars[n] = rep; scratch.Owner[n++] = -1; }
        Span<char> pair = stackalloc char[2];
        for (int i = from; i < to; i++)
        {
            int cp = cpt.Scalars[i];
            if (cp == ' ') { scratch.Chars[n] = rep; scratch.Owner[n++] = i; }
            else if (cp < 0x10000) { scratch.Chars[n] = (char)cp; scratch.Owner[n++] = i; }
            else
            {
                new Rune(cp).EncodeToUtf16(pair);
                scratch.Chars[n] = pair[0]; scratch.Owner[n++] = i;
                scratch.Chars[n] = pair[1]; scratch.Owner[n++] = -2 - i;
            }
        }
        int start = 0;
        for (int k = 1; k <= n; k++)
        {
            if (k < n && !(m.Split && scratch.Chars[k] == rep)) continue;
            var tokens = _bpe.Tokenize(scratch.Chars.AsSpan(start, k - start));
            int firstOwner = start;
            while (firstOwner < k && scratch.Owner[firstOwner] < 0) firstOwner++;
            int prevEnd = firstOwner < k ? cpt.OrigStart[scratch.Owner[firstOwner]] : result.Count > 0 ? result[^1].End : cpt.OrigStart[from];
            AddRanges(tokens, scratch.Owner.AsSpan(start, k - start), cpt, prevEnd, result);
            start = k;
        }
    }

    /// <summary>Appends each token with its range: from the first to the last character whose first unit (byte, or
    /// UTF-16 unit) it holds (<paramref name="owner"/>: the scalar index, -1 for a synthetic unit, -2 - index for a
    /// later unit of that scalar); a token that holds none gets an empty range where the previous one ended (or at the
    /// end of the character whose later units it holds).</summary>
    private static void AddRanges(BpePiece[] tokens, ReadOnlySpan<int> owner, CodePointText cpt, int prevEnd, List<TokenSpan> result)
    {
        if (result.Count > 0) prevEnd = Math.Max(prevEnd, result[^1].End);
        int n = owner.Length;
        int b = 0;
        foreach (var t in tokens)
        {
            int b0 = b, b1 = b + t.Chars;
            b = b1;
            int firstOwned = -1, lastOwned = -1;
            for (int k = b0; k < b1; k++)
            {
                int o = owner[k];
                if (o < 0) continue;
                if (firstOwned < 0) firstOwned = o;
                lastOwned = o;
            }
            int start, end;
            if (firstOwned >= 0)
            {
                start = Math.Max(cpt.OrigStart[firstOwned], prevEnd);
                end = Math.Max(cpt.OrigEnd[lastOwned], start);
            }
            else
            {
                // Only later units of a character (the end of that character), a synthetic unit, or nothing.
                int o = b0 < n ? owner[b0] : -1;
                start = end = o <= -2 ? Math.Max(cpt.OrigEnd[-2 - o], prevEnd) : prevEnd;
            }
            result.Add(new TokenSpan(t.Id, start, end));
            prevEnd = end;
        }
    }

    /// <summary><paramref name="text"/> with each lone surrogate replaced by U+FFFD (the same length).</summary>
    internal static string WithoutLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            copy ??= text.ToCharArray();
            copy[i] = '\uFFFD';
        }
        return copy is null ? text : new string(copy);
    }
}
