using System.Collections.Concurrent;
using System.Text;

namespace InterpLsp.Model.Tokenization;

/// <summary>One token of a pre-token: its id and how many characters of the pre-token (bytes, for byte-level BPE) it
/// covers. A byte-fallback token after the first of one character covers 0.</summary>
internal readonly record struct BpePiece(int Id, int Chars);

/// <summary>Options of a BPE model as tokenizer.json declares them.</summary>
internal sealed record BpeOptions
{
    public string? UnkToken { get; init; }
    public string? ContinuingSubwordPrefix { get; init; }
    public string? EndOfWordSuffix { get; init; }
    public bool FuseUnk { get; init; }
    public bool ByteFallback { get; init; }
    public bool IgnoreMerges { get; init; }
}

/// <summary>
/// The BPE model of Hugging Face <c>tokenizers</c> (<c>models/bpe</c>), applied to one pre-token: each character is
/// looked up (with the continuing-subword prefix and end-of-word suffix where declared; byte fallback
/// "&lt;0xXX&gt;" or the unknown token when absent), then pairs are merged lowest rank first, leftmost first among equal
/// ranks, through the same priority queue and the same check for stale entries as <c>Word::merge_all</c> (an entry is
/// stale when the pair at its position no longer merges into the same token). With <c>ignore_merges</c> a pre-token
/// that is itself in the vocabulary is one token.
/// </summary>
/// <remarks>Thread-safe: the cache of results per pre-token is a concurrent dictionary, emptied when it is full.</remarks>
internal sealed class BpeMerger
{
    /// <summary>Most cached pre-tokens (as HF's default cache).</summary>
    public const int CacheCapacity = 10_000;

    /// <summary>Longer pre-tokens (in characters) are not cached (HF: 256 bytes).</summary>
    public const int MaxCachedLength = 256;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocab;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly BpeOptions _options;
    private readonly int _unkId = -1;
    private readonly int[] _byteFallbackIds = new int[256];
    private readonly ConcurrentDictionary<string, BpePiece[]> _cache = new(StringComparer.Ordinal);

    /// <param name="vocab">token → id</param>
    /// <param name="merges">(left id, right id) → (rank, merged id), as <see cref="Pair"/> keys</param>
    /// <param name="options">unk, prefix/suffix, byte fallback, ignore_merges</param>
    public BpeMerger(Dictionary<string, int> vocab, Dictionary<long, (int Rank, int NewId)> merges, BpeOptions options)
    {
        _vocab = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _merges = merges;
        _options = options;
        if (options.UnkToken is { } unk && vocab.TryGetValue(unk, out int unkId)) _unkId = unkId;
        for (int b = 0; b < 256; b++)
            _byteFallbackIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
    }

    public static long Pair(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>The tokens of one pre-token (empty only for an empty word).</summary>
    public BpePiece[] Tokenize(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty) return [];
        if (_options.IgnoreMerges && _vocab.TryGetValue(word, out int whole)) return [new BpePiece(whole, word.Length)];
        var cache = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (cache.TryGetValue(word, out var hit)) return hit;
        var pieces = Merge(word);
        if (word.Length < MaxCachedLength)
        {
            if (_cache.Count >= CacheCapacity) _cache.Clear();
            cache.TryAdd(word, pieces);
        }
        return pieces;
    }

    private struct Symbol
    {
        public int Id;
        public int Prev;
        public int Next;
        /// <summary>HF's length (0 marks a symbol merged into its left neighbour).</summary>
        public int Len;
        /// <summary>Characters of the word covered.</summary>
        public int Chars;
    }

    private BpePiece[] Merge(ReadOnlySpan<char> w)
    {
        var symbols = new List<Symbol>(w.Length);
        void Add(int id, int len, int chars)
        {
            int n = symbols.Count;
            if (n > 0)
            {
                var last = symbols[n - 1];
                last.Next = n;
                symbols[n - 1] = last;
            }
            symbols.Add(new Symbol { Id = id, Prev = n - 1, Next = -1, Len = len, Chars = chars });
        }

        // An empty prefix or suffix (GPT-2's tokenizer.json has "") changes nothing.
        string? prefix = NullIfEmpty(_options.ContinuingSubwordPrefix), suffix = NullIfEmpty(_options.EndOfWordSuffix);
        (int Id, int Len, int Chars)? unk = null;
        int pendingDropped = 0;
        for (int i = 0; i < w.Length; i++)
        {
            // A character is one UTF-16 unit, or a surrogate pair (not in a byte-level word, but kept whole).
            int n = char.IsHighSurrogate(w[i]) && i + 1 < w.Length && char.IsLowSurrogate(w[i + 1]) ? 2 : 1;
            ReadOnlySpan<char> c = w.Slice(i, n);
            int byteLen = Encoding.UTF8.GetByteCount(c);
            string? s = null;
            if (i > 0 && prefix is not null) s = prefix + c.ToString();
            if (i + n == w.Length && suffix is not null) s = (s ?? c.ToString()) + suffix;
            i += n - 1;

            if (s is null ? _vocab.TryGetValue(c, out int id) : _vocab.TryGetValue(s, out id))
            {
                if (unk is { } u) { Add(u.Id, u.Len, u.Chars); unk = null; }
                Add(id, byteLen, n);
                continue;
            }
            if (_options.ByteFallback && TryByteFallback(s ?? c.ToString(), n, Add)) continue;
            if (_options.UnkToken is { } unkToken)
            {
                if (_unkId < 0)
                    throw new InvalidOperationException("The BPE model's unknown token is not in its vocabulary.");
                if (unk is { } u)
                {
                    if (_options.FuseUnk) { unk = (u.Id, u.Len + byteLen, u.Chars + n); continue; }
                    Add(u.Id, u.Len, u.Chars);
                }
                unk = (_unkId, byteLen, n);
            }
            // No unknown token: the character is dropped (its bytes are covered by no token).
            else if (symbols.Count > 0)
            {
                var last = symbols[^1];
                last.Chars += n;
                symbols[^1] = last;
            }
            else pendingDropped += n;
        }
        if (unk is { } pending) Add(pending.Id, pending.Len, pending.Chars);
        if (symbols.Count == 0) return [];
        // Characters dropped before the first symbol count towards it, so that the pieces cover the whole word.
        if (pendingDropped > 0)
        {
            var first = symbols[0];
            first.Chars += pendingDropped;
            symbols[0] = first;
        }

        MergeAll(symbols);

        int count = 0;
        foreach (var s in symbols) if (s.Len != 0) count++;
        var result = new BpePiece[count];
        int k = 0;
        foreach (var s in symbols) if (s.Len != 0) result[k++] = new BpePiece(s.Id, s.Chars);
        return result;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private bool TryByteFallback(string s, int chars, Action<int, int, int> add)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        foreach (byte b in bytes) if (_byteFallbackIds[b] < 0) return false;
        for (int i = 0; i < bytes.Length; i++) add(_byteFallbackIds[bytes[i]], 1, i == 0 ? chars : 0);
        return true;
    }

    private void MergeAll(List<Symbol> symbols)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(symbols);
        var queue = new PriorityQueue<(int Pos, int NewId), long>(span.Length);
        static long Priority(int rank, int pos) => ((long)rank << 32) | (uint)pos;
        for (int i = 0; i + 1 < span.Length; i++)
            if (_merges.TryGetValue(Pair(span[i].Id, span[i + 1].Id), out var m))
                queue.Enqueue((i, m.NewId), Priority(m.Rank, i));

        while (queue.TryDequeue(out var top, out _))
        {
            ref var cur = ref span[top.Pos];
            if (cur.Len == 0 || cur.Next == -1) continue;
            int nextPos = cur.Next;
            var right = span[nextPos];
            if (!_merges.TryGetValue(Pair(cur.Id, right.Id), out var target) || target.NewId != top.NewId) continue;

            cur.Id = top.NewId;
            cur.Len += right.Len;
            cur.Chars += right.Chars;
            cur.Next = right.Next;
            span[nextPos].Len = 0;
            if (right.Next > -1 && right.Next < span.Length) span[right.Next].Prev = top.Pos;

            if (cur.Prev >= 0 && _merges.TryGetValue(Pair(span[cur.Prev].Id, cur.Id), out var left))
                queue.Enqueue((cur.Prev, left.NewId), Priority(left.Rank, cur.Prev));
            if (cur.Next >= 0 && cur.Next < span.Length && _merges.TryGetValue(Pair(cur.Id, span[cur.Next].Id), out var next))
                queue.Enqueue((top.Pos, next.NewId), Priority(next.Rank, top.Pos));
        }
    }
}
