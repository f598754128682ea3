using System.Diagnostics;
using System.Globalization;
using InterpLsp.Analysis.Scans;

namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>How a tagger was trained and how it scored on the held-out texts.</summary>
public sealed record TaggerReport(int TrainTexts, int TrainTokens, int HeldOutTexts, int HeldOutTokens, int Iterations,
    double FineAccuracy, double UniversalAccuracy, double UnknownWordAccuracy, double Seconds, int Tags, int Features, int Weights)
{
    public override string ToString() => Summary(withTime: true);

    /// <summary>The report in one line; without the time (<paramref name="withTime"/> false) it is what the model file
    /// keeps, so that the same corpus gives the same file.</summary>
    public string Summary(bool withTime) => string.Create(CultureInfo.InvariantCulture,
        $"averaged perceptron, {Iterations} passes over {TrainTokens:N0} tokens of {TrainTexts} Brown texts; held out {HeldOutTexts} texts ({HeldOutTokens:N0} tokens): "
        + $"accuracy {FineAccuracy:F4} on {Tags} Brown tags, {UniversalAccuracy:F4} on the 12 Universal tags, {UnknownWordAccuracy:F4} on words unseen in training; "
        + $"{Features:N0} features, {Weights:N0} weights") + (withTime ? string.Create(CultureInfo.InvariantCulture, $"; trained in {Seconds:F1} s") : "");
}

/// <summary>
/// Trains the averaged perceptron (<see cref="PosTagger"/>) as Collins (2002) and Honnibal (2013) do: greedy
/// left-to-right over each sentence, the tagger's own previous guesses as the tag features, on a mistake +1 to the
/// true tag's weights and -1 to the guessed one's for every feature of the word, the weights averaged over every step
/// at the end. Sentences are shuffled between passes by a fixed seed, so the same corpus gives the same model, byte
/// for byte.
/// </summary>
public static class PosTaggerTraining
{
    public const int DefaultIterations = 5;
    /// <summary>A word is tagged from the dictionary when seen at least this often with one tag this share of the time.</summary>
    public const int DictionaryCount = 20;
    public const double DictionaryShare = 0.97;
    /// <summary>Averaged weights smaller than this are left out of the model.</summary>
    public const float PruneBelow = 0.01f;

    /// <summary>Trains on the Brown texts of <paramref name="folder"/> that are not held out
    /// (<see cref="BrownCorpus.IsHeldOut"/>), then measures on the held-out ones.</summary>
    public static (PosTagger Tagger, TaggerReport Report) TrainOnBrown(string folder, int iterations = DefaultIterations, CancellationToken cancellation = default)
    {
        var texts = BrownCorpus.Read(folder, cancellation);
        var train = texts.Where(t => !BrownCorpus.IsHeldOut(t.Id)).ToList();
        var held = texts.Where(t => BrownCorpus.IsHeldOut(t.Id)).ToList();
        if (train.Count == 0 || held.Count == 0)
            throw new ArgumentException($"the Brown folder has {texts.Count} texts; training needs both texts to train on and held-out texts to measure ({BrownCorpus.Texts} in the whole corpus)");
        return Train(train.SelectMany(t => t.Sentences).ToList(), held.SelectMany(t => t.Sentences).ToList(), train.Count, held.Count, iterations, cancellation);
    }

    /// <summary>Trains on <paramref name="train"/> and measures on <paramref name="heldOut"/>.</summary>
    public static (PosTagger Tagger, TaggerReport Report) Train(IReadOnlyList<TaggedSentence> train, IReadOnlyList<TaggedSentence> heldOut,
        int trainTexts, int heldOutTexts, int iterations = DefaultIterations, CancellationToken cancellation = default)
    {
        if (iterations is < 1 or > 100) throw new ArgumentException($"training passes are 1 to 100, not {iterations}");
        var clock = Stopwatch.StartNew();
        var tags = train.SelectMany(s => s.Tags).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToArray();
        if (tags.Length is 0 or > 255) throw new ArgumentException($"the training sentences have {tags.Length} distinct tags; a tagger has 1 to 255");
        var tagIndex = tags.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var dictionary = Dictionary(train, tagIndex);
        var model = new Perceptron(tags.Length);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var rng = new SplitMix(0x5EED_B60C);
        Span<ulong> feats = stackalloc ulong[TaggerFeatures.Count];
        for (int it = 0; it < iterations; it++)
        {
            foreach (var s in order)
            {
                cancellation.ThrowIfCancellationRequested();
                var sentence = train[s];
                var ctx = TaggerFeatures.Context(sentence.Words);
                int prev = TaggerFeatures.Start1, prev2 = TaggerFeatures.Start2;
                for (int i = 0; i < sentence.Words.Length; i++)
                {
                    var word = sentence.Words[i];
                    int guess;
                    if (dictionary.TryGetValue(word, out byte known)) guess = known;
                    else
                    {
                        TaggerFeatures.Of(i, word, ctx, prev, prev2, feats);
                        guess = model.Predict(feats);
                        model.Update(tagIndex[sentence.Tags[i]], guess, feats);
                    }
                    prev2 = prev; prev = guess;
                }
            }
            // Shuffle for the next pass (Fisher-Yates with a fixed seed).
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = (int)(rng.Next() % (ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        var features = model.Averaged(PruneBelow);
        var seen = new HashSet<string>(train.SelectMany(s => s.Words), StringComparer.Ordinal);
        var draft = new PosTagger(tags, dictionary, features, "");
        var (fine, universal, unknown, heldTokens) = Measure(draft, heldOut, seen);
        var report = new TaggerReport(trainTexts, train.Sum(s => s.Words.Length), heldOutTexts, heldTokens, iterations, fine, universal, unknown,
            Math.Round(clock.Elapsed.TotalSeconds, 1), tags.Length, draft.Features, draft.Weights);
        return (new PosTagger(tags, dictionary, features, report.Summary(withTime: false)), report);
    }

    /// <summary>Token accuracy of <paramref name="tagger"/> on <paramref name="sentences"/>: on fine tags, on Universal
    /// tags, and on the words not in <paramref name="seen"/>.</summary>
    public static (double Fine, double Universal, double Unknown, int Tokens) Measure(PosTagger tagger, IReadOnlyList<TaggedSentence> sentences, IReadOnlySet<string>? seen = null)
    {
        long n = 0, fine = 0, universal = 0, unknownN = 0, unknownRight = 0;
        foreach (var s in sentences)
        {
            var got = tagger.TagSentence(s.Words);
            for (int i = 0; i < got.Length; i++)
            {
                n++;
                bool right = tagger.Tags[got[i]] == s.Tags[i];
                if (right) fine++;
                if (tagger.Universal[got[i]] == BrownTags.Universal(s.Tags[i])) universal++;
                if (seen is not null && !seen.Contains(s.Words[i])) { unknownN++; if (right) unknownRight++; }
            }
        }
        return (n == 0 ? 0 : (double)fine / n, n == 0 ? 0 : (double)universal / n, unknownN == 0 ? 0 : (double)unknownRight / unknownN, (int)n);
    }

    private static Dictionary<string, byte> Dictionary(IReadOnlyList<TaggedSentence> train, Dictionary<string, int> tagIndex)
    {
        var counts = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        foreach (var s in train)
            for (int i = 0; i < s.Words.Length; i++)
            {
                if (!counts.TryGetValue(s.Words[i], out var c)) counts[s.Words[i]] = c = new Dictionary<int, int>();
                int t = tagIndex[s.Tags[i]];
                c[t] = c.GetValueOrDefault(t) + 1;
            }
        var dictionary = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var (word, c) in counts)
        {
            int total = c.Values.Sum();
            var (tag, count) = c.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).First();
            if (total >= DictionaryCount && count >= DictionaryShare * total) dictionary[word] = (byte)tag;
        }
        return dictionary;
    }

    /// <summary>The weights while training: per feature a short chain of (tag, weight, running total, last change).</summary>
    private sealed class Perceptron(int tags)
    {
        private readonly Dictionary<ulong, int> _head = new();
        private ushort[] _tag = new ushort[1 << 16];
        private float[] _w = new float[1 << 16];
        private double[] _total = new double[1 << 16];
        private int[] _stamp = new int[1 << 16], _next = new int[1 << 16];
        private int _slots;
        private int _now;
        private readonly float[] _scores = new float[tags];

        public int Predict(ReadOnlySpan<ulong> feats)
        {
            Array.Clear(_scores);
            foreach (var f in feats)
                if (_head.TryGetValue(f, out int s))
                    for (; s >= 0; s = _next[s]) _scores[_tag[s]] += _w[s];
            int best = 0;
            for (int t = 1; t < _scores.Length; t++) if (_scores[t] > _scores[best]) best = t;
            return best;
        }

        public void Update(int truth, int guess, ReadOnlySpan<ulong> feats)
        {
            _now++;
            if (truth == guess) return;
            foreach (var f in feats) { Change(f, truth, 1); Change(f, guess, -1); }
        }

        private void Change(ulong f, int tag, float by)
        {
            int s = _head.TryGetValue(f, out int h) ? h : -1, last = -1;
            for (; s >= 0; last = s, s = _next[s]) if (_tag[s] == tag) break;
            if (s < 0)
            {
                s = NewSlot(tag);
                if (last < 0) _head[f] = s; else _next[last] = s;
            }
            _total[s] += (double)(_now - _stamp[s]) * _w[s];
            _stamp[s] = _now;
            _w[s] += by;
        }

        private int NewSlot(int tag)
        {
            if (_slots == _tag.Length)
            {
                int n = _tag.Length * 2;
                Array.Resize(ref _tag, n); Array.Resize(ref _w, n); Array.Resize(ref _total, n); Array.Resize(ref _stamp, n); Array.Resize(ref _next, n);
            }
            int s = _slots++;
            _tag[s] = (ushort)tag; _w[s] = 0; _total[s] = 0; _stamp[s] = _now; _next[s] = -1;
            return s;
        }

        /// <summary>The averaged weights of at least <paramref name="prune"/> in size, per feature in ascending hash order,
        /// each feature's by ascending tag.</summary>
        public List<(ulong, (byte, float)[])> Averaged(float prune)
        {
            var result = new List<(ulong, (byte, float)[])>(_head.Count);
            foreach (var f in _head.Keys.Order())
            {
                var ws = new List<(byte, float)>();
                for (int s = _head[f]; s >= 0; s = _next[s])
                {
                    double total = _total[s] + (double)(_now - _stamp[s]) * _w[s];
                    float avg = (float)(total / Math.Max(1, _now));
                    if (Math.Abs(avg) >= prune) ws.Add(((byte)_tag[s], avg));
                }
                if (ws.Count > 0) result.Add((f, ws.OrderBy(x => x.Item1).ToArray()));
            }
            return result;
        }
    }

    private struct SplitMix(ulong seed)
    {
        private ulong _state = seed;
        public ulong Next() => StableHash.Mix(_state += 0x9E3779B97F4A7C15UL);
    }
}
