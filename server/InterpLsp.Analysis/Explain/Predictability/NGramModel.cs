using System.Runtime.CompilerServices;

namespace InterpLsp.Analysis.Explain.Predictability;

/// <summary>
/// An interpolated Witten-Bell n-gram model over token strings (the caller lower-cases them), for how predictable
/// a token is from the few before it.
/// <para>Training: each sequence is padded with order − 1 begin markers &lt;s&gt; in front and one end marker
/// &lt;/s&gt; behind; every token and the end marker is predicted once from the order − 1 before it, and the same event
/// is counted at every shorter context too. The markers are ids of their own, not strings, so a text token spelled
/// "&lt;/s&gt;" is an ordinary word. The predicted vocabulary is the training words plus &lt;/s&gt; (&lt;s&gt; is never
/// predicted); any other token is "unknown", one more outcome.</para>
/// <para>Probabilities, for a context h with c(h) counted events over T(h) distinct next tokens and h' = h without its
/// oldest token: P(w | h) = (c(h, w) + T(h) · P(w | h')) / (c(h) + T(h)), i.e. λ = c / (c + T) times the relative
/// frequency plus 1 − λ times the lower order; a context never seen in training defers to h' entirely. The lowest
/// order (the unigram, empty context) interpolates in the same way with the uniform distribution over the
/// vocabulary + 1 (the unknown), so no token, unknown ones included, has probability 0.</para>
/// <para>Entropy of the next token, exactly over the whole vocabulary + &lt;/s&gt; + unknown: for a context h with
/// lower-order distribution q, the tokens not seen after h each have P = (1 − λ) q(w), so
/// Σ_{w unseen} P log P = (1 − λ) [ (Q_all − Q_seen) + log(1 − λ) (M_all − M_seen) ] with Q = Σ q log q and
/// M = Σ q (M_all = 1) taken over all tokens or over those seen after h. Q_all of h' is the same quantity one order
/// down, so Q is computed for every context once, at the end of training, from the shortest up, in time proportional
/// to the events seen after each context (times the order, for the lower-order look-ups), and cached per context.
/// <see cref="NextEntropy"/> then costs one look-up of the longest known context per token.</para>
/// The trained model is immutable and safe to read from several threads.
/// </summary>
public sealed class NGramModel
{
    private const int EndId = 0, BeginId = 1, FirstWordId = 2, UnknownId = -1;

    private readonly Dictionary<string, int> _ids;
    private readonly string[] _words;           // by id − FirstWordId
    private readonly Dictionary<long, int> _child; // (context node, older token) -> longer context node
    private readonly int[] _parent;              // context without its oldest token; −1 above the unigram
    private readonly int[] _first;               // followers of node n: [_first[n], _first[n + 1])
    private readonly int[] _follower;            // token ids, ascending within a node
    private readonly double[] _prob;             // P(follower | node), interpolated
    private readonly double[] _backoff;          // 1 − λ = T / (c + T) per node
    private readonly double[] _q;                // Σ_w P(w | node) log2 P(w | node) = −entropy, per node
    private readonly int[] _unigramCount;        // by id: events predicting it
    private readonly double _uniform;            // 1 / (vocabulary + 1)

    private NGramModel(int order, Dictionary<string, int> ids, string[] words, Dictionary<long, int> child, int[] parent,
        int[] first, int[] follower, double[] prob, double[] backoff, double[] q, int[] unigramCount, long tokens, double uniform)
    {
        Order = order; _ids = ids; _words = words; _child = child; _parent = parent; _first = first; _follower = follower;
        _prob = prob; _backoff = backoff; _q = q; _unigramCount = unigramCount; _uniform = uniform;
        Tokens = tokens;
    }

    /// <summary>The n of the n-gram: a token is predicted from the Order − 1 before it.</summary>
    public int Order { get; }
    /// <summary>The training words (not the markers), by first appearance.</summary>
    public IReadOnlyList<string> Words => _words;
    /// <summary>Outcomes with a count: the training words plus &lt;/s&gt; (the unknown outcome makes one more).</summary>
    public int VocabularySize => _words.Length + 1;
    /// <summary>Predicted events in training: every token plus one &lt;/s&gt; per sequence.</summary>
    public long Tokens { get; }

    /// <summary>Trains a model of the given order (≥ 1) on the sequences (at least one; an empty sequence still
    /// teaches that &lt;/s&gt; follows &lt;s&gt;). Null sequences or tokens are refused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimised at once, not after tiering
    public static NGramModel Train(IEnumerable<IReadOnlyList<string>> sequences, int order = 3)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (order < 1 || order > 16) throw new ArgumentOutOfRangeException(nameof(order), order, "an n-gram order is 1..16");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var child = new Dictionary<long, int>(MixedKey.Instance);
        var parent = new List<int> { -1 };
        var events = new List<long>();
        int h = order - 1, seqNo = 0;
        var padded = new List<int>();
        foreach (var seq in sequences)
        {
            if (seq is null) throw new ArgumentException($"training sequence {seqNo} is null", nameof(sequences));
            padded.Clear();
            for (int j = 0; j < h; j++) padded.Add(BeginId);
            for (int i = 0; i < seq.Count; i++)
            {
                var tok = seq[i] ?? throw new ArgumentException($"training sequence {seqNo} has a null token at {i}", nameof(sequences));
                if (!ids.TryGetValue(tok, out int id)) { id = FirstWordId + words.Count; ids.Add(tok, id); words.Add(tok); }
                padded.Add(id);
            }
            padded.Add(EndId);
            for (int t = h; t < padded.Count; t++)
            {
                int predicted = padded[t], node = 0;
                events.Add(Key(0, predicted));
                for (int j = 1; j <= h; j++)
                {
                    long k = Key(node, padded[t - j]);
                    if (!child.TryGetValue(k, out int next)) { next = parent.Count; parent.Add(node); child.Add(k, next); }
                    node = next;
                    events.Add(Key(node, predicted));
                }
            }
            seqNo++;
        }
        if (seqNo == 0) throw new ArgumentException("no training sequences", nameof(sequences));

        // Group the (context, next token) events: sorted keys put each context's followers together, ascending by id.
        var keys = events.ToArray();
        Array.Sort(keys);
        int nodes = parent.Count;
        var first = new int[nodes + 1];
        var follower = new List<int>();
        var count = new List<int>();
        for (int i = 0; i < keys.Length;)
        {
            int j = i;
            while (j < keys.Length && keys[j] == keys[i]) j++;
            int node = (int)(keys[i] >> 32);
            first[node + 1]++;
            follower.Add((int)(uint)keys[i]);
            count.Add(j - i);
            i = j;
        }
        for (int n = 0; n < nodes; n++) first[n + 1] += first[n];

        var fol = follower.ToArray();
        var prob = new double[fol.Length];
        var backoff = new double[nodes];
        var q = new double[nodes];
        var par = parent.ToArray();
        double uniform = 1.0 / (words.Count + 2);
        var unigram = new int[words.Count + FirstWordId];
        long tokens = 0;
        for (int i = first[0]; i < first[1]; i++) { unigram[fol[i]] = count[i]; tokens += count[i]; }
        var model = new NGramModel(order, ids, words.ToArray(), child, par, first, fol, prob, backoff, q, unigram, tokens, uniform);

        // Contexts are created after the context they extend, so id order has every lower order ready.
        for (int n = 0; n < nodes; n++)
        {
            int lo = first[n], hi = first[n + 1];
            double c = 0;
            for (int i = lo; i < hi; i++) c += count[i];
            double types = hi - lo, beta = types / (c + types);
            backoff[n] = beta;
            double seenQ = 0, lowerQSeen = 0, lowerMSeen = 0;
            for (int i = lo; i < hi; i++)
            {
                double lower = model.ProbabilityAt(par[n], fol[i]);
                double p = (count[i] + types * lower) / (c + types);
                prob[i] = p;
                seenQ += p * Math.Log2(p);
                lowerQSeen += lower * Math.Log2(lower);
                lowerMSeen += lower;
            }
            double lowerQAll = par[n] < 0 ? Math.Log2(uniform) : q[par[n]];
            q[n] = seenQ + beta * ((lowerQAll - lowerQSeen) + Math.Log2(beta) * Math.Max(0, 1 - lowerMSeen));
        }
        return model;
    }

    /// <summary>Per token t: −log2 P(token t | the tokens before it), in bits; the end marker is not scored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] Surprisal(IReadOnlyList<string> sequence)
    {
        var s = Ids(sequence);
        var r = new double[s.Length];
        for (int t = 0; t < s.Length; t++) r[t] = -Math.Log2(ProbabilityAt(ContextBefore(s, t), s[t]));
        return r;
    }

    /// <summary>Per token t: the entropy in bits of the model's distribution of the next token (a word, &lt;/s&gt;, or
    /// the unknown) given the tokens up to and including t, exact over the whole vocabulary (see the type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] NextEntropy(IReadOnlyList<string> sequence)
    {
        var s = Ids(sequence);
        var r = new double[s.Length];
        for (int t = 0; t < s.Length; t++) r[t] = -_q[ContextBefore(s, t + 1)];
        return r;
    }

    /// <summary>Per token: −log2 of the add-one unigram probability (c(w) + 1) / (N + vocabulary + 1), where N counts
    /// the training tokens and &lt;/s&gt; events and the vocabulary is the words plus &lt;/s&gt;; an unknown has c = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] UnigramSurprisal(IReadOnlyList<string> sequence)
    {
        var s = Ids(sequence);
        double denom = Tokens + VocabularySize + 1;
        var r = new double[s.Length];
        for (int t = 0; t < s.Length; t++) r[t] = -Math.Log2(((s[t] < 0 ? 0 : _unigramCount[s[t]]) + 1) / denom);
        return r;
    }

    /// <summary>P(token | history), history = the tokens before it from the start of its sequence (begin markers
    /// pad a short one). A token outside the vocabulary gets the unknown outcome's probability.</summary>
    public double Probability(IReadOnlyList<string> history, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var s = Ids(history);
        return ProbabilityAt(ContextBefore(s, s.Length), _ids.TryGetValue(token, out int id) ? id : UnknownId);
    }

    /// <summary>P(&lt;/s&gt; | history): the probability that the sequence ends after the history.</summary>
    public double EndProbability(IReadOnlyList<string> history)
    {
        var s = Ids(history);
        return ProbabilityAt(ContextBefore(s, s.Length), EndId);
    }

    private static long Key(int node, int token) => ((long)node << 32) | (uint)token;

    /// <summary>long's own hash (low half xor high half) sends (node, token) keys of small numbers onto a few
    /// buckets; the Fibonacci multiplier spreads all 64 bits over the hash.</summary>
    private sealed class MixedKey : IEqualityComparer<long>
    {
        public static readonly MixedKey Instance = new();
        public bool Equals(long x, long y) => x == y;
        public int GetHashCode(long k) => (int)(((ulong)k * 0x9E3779B97F4A7C15UL) >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int[] Ids(IReadOnlyList<string> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var s = new int[sequence.Count];
        for (int i = 0; i < s.Length; i++)
        {
            var tok = sequence[i] ?? throw new ArgumentException($"token {i} is null", nameof(sequence));
            s[i] = _ids.TryGetValue(tok, out int id) ? id : UnknownId;
        }
        return s;
    }

    /// <summary>The longest trained context made of the Order − 1 tokens before position t (begin markers before
    /// the start); an unknown token, or a context never seen, stops the extension.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ContextBefore(int[] s, int t)
    {
        int node = 0;
        for (int j = 1; j < Order; j++)
        {
            int tok = t - j >= 0 ? s[t - j] : BeginId;
            if (tok < 0 || !_child.TryGetValue(Key(node, tok), out int next)) break;
            node = next;
        }
        return node;
    }

    /// <summary>P(token | context node): the stored interpolated probability at the first context, going down,
    /// that has seen the token, times the back-off weights of the ones that had not; the uniform below the unigram.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double ProbabilityAt(int node, int token)
    {
        double acc = 1;
        while (node >= 0)
        {
            int lo = _first[node], len = _first[node + 1] - lo;
            int i = token >= 0 ? Array.BinarySearch(_follower, lo, len, token) : -1;
            if (i >= 0) return acc * _prob[i];
            acc *= _backoff[node];
            node = _parent[node];
        }
        return acc * _uniform;
    }
}
