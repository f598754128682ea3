using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Predictability;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// How predictable a token is, from an n-gram model trained on the evidence corpus's tokens (lower-cased, one
/// sequence per text): <c>ngram:unigram_surprisal</c> (bits, add-one unigram), <c>ngram:surprisal</c> (bits,
/// interpolated Witten-Bell trigram), <c>ngram:entropy</c> (bits, the trigram model's entropy of the next token
/// after this one); with <c>-</c> before the name (<c>ngram:-entropy</c>) the value is negated ("low entropy").
/// </summary>
public sealed class PredictabilityFeature : IFeature
{
    public const string Prefix = "ngram:";
    public static readonly string[] Kinds = ["unigram_surprisal", "surprisal", "entropy"];

    private readonly NGramModel _model;

    public PredictabilityFeature(NGramModel model, string kind, bool low)
    {
        if (!Kinds.Contains(kind)) throw new ArgumentException($"no predictability feature '{kind}' (one of {string.Join(", ", Kinds)})");
        _model = model; Kind = kind; Low = low;
        Id = Prefix + (low ? "-" : "") + kind;
        Label = (kind, low) switch
        {
            ("unigram_surprisal", false) => "high unigram surprisal (rare words)",
            ("unigram_surprisal", true) => "low unigram surprisal (common words)",
            ("surprisal", false) => "high trigram surprisal (unexpected tokens)",
            ("surprisal", true) => "low trigram surprisal (expected tokens)",
            (_, false) => "high next-token entropy (what follows is uncertain)",
            _ => "low next-token entropy (what follows is predictable)",
        };
    }

    public string Kind { get; }
    public bool Low { get; }
    public string Id { get; }
    public string Label { get; }
    public string Family => "predictability";

    public FeatureValues Evaluate(TokenTable table)
    {
        var values = new float[table.Count];
        for (int d = 0; d < table.Documents; d++)
        {
            int a = table.DocFirst[d], b = table.DocFirst[d + 1];
            if (a == b) continue;
            var seq = new string[b - a];
            for (int t = a; t < b; t++) seq[t - a] = table.Text[t].ToLowerInvariant();
            var v = Kind switch
            {
                "unigram_surprisal" => _model.UnigramSurprisal(seq),
                "surprisal" => _model.Surprisal(seq),
                _ => _model.NextEntropy(seq),
            };
            for (int t = a; t < b; t++) values[t] = (float)(Low ? -v[t - a] : v[t - a]);
        }
        return FeatureValues.Real(values);
    }

    /// <summary>Trains the model on every text of <paramref name="table"/>.</summary>
    public static NGramModel Train(TokenTable table)
    {
        var seqs = new List<IReadOnlyList<string>>(table.Documents);
        for (int d = 0; d < table.Documents; d++)
        {
            int a = table.DocFirst[d], b = table.DocFirst[d + 1];
            var seq = new string[b - a];
            for (int t = a; t < b; t++) seq[t - a] = table.Text[t].ToLowerInvariant();
            seqs.Add(seq);
        }
        return NGramModel.Train(seqs, 3);
    }
}
