using InterpLsp.Analysis.Explain.Shipped;
using System.Collections.Frozen;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>
/// A greedy left-to-right part-of-speech tagger with averaged-perceptron weights (<see cref="PosTaggerTraining"/> trains
/// it on the Brown Corpus; <see cref="PosTaggerFile"/> stores it). Each word gets the fine Brown tag (<see cref="Tags"/>)
/// that scores highest over its features (<see cref="TaggerFeatures"/>), the two tags it gave before being features;
/// a frequent word that the corpus tags one way almost always is tagged from <see cref="TagDictionary"/> directly.
/// Immutable, so one instance serves every thread.
/// </summary>
public sealed class PosTagger
{
    /// <summary>The environment variable that names a model file instead of <c>corpus/</c> beside the server.</summary>
    public const string PathVariable = "INTERP_LSP_POS_TAGGER";
    public const string FileName = "brown-pos-tagger.bin";

    private readonly FrozenDictionary<ulong, int> _row;
    private readonly int[] _first;   // row r's entries are [_first[r], _first[r + 1])
    private readonly byte[] _tag;
    private readonly float[] _weight;
    private readonly FrozenDictionary<string, byte> _dictionary;

    /// <param name="tags">The fine tags, by index (at most 255).</param>
    /// <param name="dictionary">Words tagged without the model.</param>
    /// <param name="features">Per feature hash, ascending and distinct: its nonzero weights as (tag, weight).</param>
    /// <param name="info">What the model was trained on and how it scored, for people.</param>
    public PosTagger(IReadOnlyList<string> tags, IReadOnlyDictionary<string, byte> dictionary, IReadOnlyList<(ulong Hash, (byte Tag, float Weight)[] Weights)> features, string info)
    {
        if (tags.Count is 0 or > 255) throw new ArgumentException($"a tagger has 1 to 255 tags, not {tags.Count}");
        Tags = tags.ToArray();
        Universal = Tags.Select(BrownTags.Universal).ToArray();
        foreach (var (w, t) in dictionary)
            if (t >= Tags.Count) throw new ArgumentException($"the tag dictionary gives a word tag {t} of {Tags.Count}");
        _dictionary = dictionary.ToFrozenDictionary(StringComparer.Ordinal);
        TagDictionary = _dictionary;
        var row = new Dictionary<ulong, int>(features.Count);
        _first = new int[features.Count + 1];
        int n = features.Sum(f => f.Weights.Length);
        _tag = new byte[n]; _weight = new float[n];
        int k = 0;
        for (int r = 0; r < features.Count; r++)
        {
            var (hash, weights) = features[r];
            if (!row.TryAdd(hash, r)) throw new ArgumentException($"the feature {hash:x16} is given twice");
            _first[r] = k;
            foreach (var (t, w) in weights)
            {
                if (t >= Tags.Count) throw new ArgumentException($"a weight for tag {t} of {Tags.Count}");
                if (!float.IsFinite(w)) throw new ArgumentException("a weight that is not a finite number");
                _tag[k] = t; _weight[k] = w; k++;
            }
        }
        _first[^1] = k;
        _row = row.ToFrozenDictionary();
        Info = info;
    }

    /// <summary>The fine Brown tags, by index.</summary>
    public IReadOnlyList<string> Tags { get; }
    /// <summary>Each fine tag's Universal tag (<see cref="BrownTags.Universal"/>), by index.</summary>
    public IReadOnlyList<string> Universal { get; }
    public IReadOnlyDictionary<string, byte> TagDictionary { get; }
    /// <summary>Features with weights.</summary>
    public int Features => _row.Count;
    /// <summary>Nonzero weights.</summary>
    public int Weights => _tag.Length;
    public string Info { get; }

    /// <summary>A digest of the model (tags, dictionary, weights), 16 hex digits: two taggers with one hash tag alike.</summary>
    public string Hash => _hash ??= PosTaggerFile.Digest(this);
    private string? _hash;

    /// <summary>The weights, per feature in ascending hash order (what <see cref="PosTaggerFile"/> stores).</summary>
    public List<(ulong Hash, (byte Tag, float Weight)[] Weights)> Export()
    {
        var result = new List<(ulong, (byte, float)[])>(_row.Count);
        foreach (var (hash, r) in _row.OrderBy(kv => kv.Key))
        {
            var ws = new (byte, float)[_first[r + 1] - _first[r]];
            for (int k = 0; k < ws.Length; k++) ws[k] = (_tag[_first[r] + k], _weight[_first[r] + k]);
            result.Add((hash, ws));
        }
        return result;
    }

    /// <summary>The index of a fine tag, or -1.</summary>
    public int IndexOf(string tag)
    {
        for (int i = 0; i < Tags.Count; i++) if (Tags[i] == tag) return i;
        return -1;
    }

    /// <summary>Tags one sentence, given as its words: one tag index per word.</summary>
    public byte[] TagSentence(IReadOnlyList<string> words)
    {
        var tags = new byte[words.Count];
        var ctx = TaggerFeatures.Context(words);
        Span<ulong> feats = stackalloc ulong[TaggerFeatures.Count];
        var scores = new float[Tags.Count];
        int prev = TaggerFeatures.Start1, prev2 = TaggerFeatures.Start2;
        for (int i = 0; i < words.Count; i++)
        {
            int t = Predict(i, words[i], ctx, prev, prev2, feats, scores);
            tags[i] = (byte)t;
            prev2 = prev; prev = t;
        }
        return tags;
    }

    /// <summary>Tags a whole text: its words (<see cref="WordSplitter.Split"/>) in sentences, one tag index per word.</summary>
    public byte[] TagText(string text, IReadOnlyList<TextWord> words)
    {
        var tags = new byte[words.Count];
        var sentence = new List<string>();
        int first = 0;
        for (int i = 0; i < words.Count; i++)
        {
            sentence.Add(text[words[i].Start..words[i].End]);
            if (words[i].EndsSentence || i == words.Count - 1 || sentence.Count >= MaxSentence)
            {
                TagSentence(sentence).CopyTo(tags, first);
                first = i + 1;
                sentence.Clear();
            }
        }
        return tags;
    }

    /// <summary>A run of words this long without a sentence end is tagged as a sentence of its own.</summary>
    public const int MaxSentence = 200;

    internal int Predict(int i, string word, string[] ctx, int prev, int prev2, Span<ulong> feats, float[] scores)
    {
        if (_dictionary.TryGetValue(word, out byte known)) return known;
        TaggerFeatures.Of(i, word, ctx, prev, prev2, feats);
        Array.Clear(scores);
        foreach (var f in feats)
        {
            if (!_row.TryGetValue(f, out int r)) continue;
            for (int k = _first[r]; k < _first[r + 1]; k++) scores[_tag[k]] += _weight[k];
        }
        int best = 0;
        for (int t = 1; t < scores.Length; t++) if (scores[t] > scores[best]) best = t;
        return best;
    }

    private static readonly ShippedFile<PosTagger> Shipped = new(FileName, PathVariable, p => PosTaggerFile.Read(p), "interp-lsp train-tagger");

    /// <summary>Where the model file is: <see cref="PathVariable"/> when set, else <c>corpus/</c> beside the server.</summary>
    public static string Locate() => Shipped.Locate();

    /// <summary>The shipped tagger, read once; null when there is none or it cannot be read (<paramref name="problem"/>
    /// says why, in one line, for a warning).</summary>
    public static PosTagger? Default(out string? problem) => Shipped.Get(out problem);
}
