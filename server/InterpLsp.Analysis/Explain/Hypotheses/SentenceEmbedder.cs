using InterpLsp.Model;
using InterpLsp.Model.Hooks;

namespace InterpLsp.Analysis.Explain.Hypotheses;

/// <summary>
/// Sentence embeddings as sentence-transformers computes them for all-MiniLM-L6-v2: the text's tokens fed as
/// <c>[CLS] tokens [SEP]</c>, the final hidden state (Hugging Face <c>last_hidden_state</c>, our
/// <c>blocks.{last}.hook_normalized_resid_post</c>) averaged over every row the attention mask keeps
/// (so [CLS] and [SEP] count as rows), then scaled to unit L2 length.
/// Rules: a text with more than <see cref="ILanguageModel.MaxWindowTokens"/> tokens keeps its first
/// <see cref="ILanguageModel.MaxWindowTokens"/> (510 for MiniLM) and [SEP] still closes it; an empty text
/// embeds as <c>[CLS][SEP]</c>; a mean whose L2 norm is below 1e-12 is divided by 1e-12 instead (the
/// sentence-transformers <c>normalize</c> floor), so no division by zero. Texts are batched by the model
/// (grouped by token length, so padding stays small).
/// </summary>
public sealed class SentenceEmbedder
{
    /// <summary>Smallest norm divided by when normalising (as <c>torch.nn.functional.normalize</c>'s eps).</summary>
    public const double NormFloor = 1e-12;

    private readonly ILanguageModel _model;
    private readonly ISpecialTokenModel _rows;

    /// <summary>Embeds with <paramref name="model"/>, which must also give its special-token rows
    /// (<see cref="ISpecialTokenModel"/>, as the embedded BERT does) and have a BERT final hidden state hook.</summary>
    public SentenceEmbedder(ILanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _rows = model as ISpecialTokenModel
            ?? throw new ArgumentException(
                $"sentence embedding pools over the [CLS] and [SEP] rows, which model '{model.Info.Name}' ({model.GetType().Name}) does not give (it is no {nameof(ISpecialTokenModel)})",
                nameof(model));
        if (model.Info.Layers < 1)
            throw new ArgumentException($"model '{model.Info.Name}' has {model.Info.Layers} layers; a sentence embedding needs at least one", nameof(model));
        _model = model;
        Hook = BertHooks.NormalizedResidPost.At(model.Info.Layers - 1);
        Dimension = model.GetHook(Hook).Width;
    }

    /// <summary>The hook pooled: the last block's output, <c>blocks.{layers - 1}.hook_normalized_resid_post</c>.</summary>
    public string Hook { get; }

    /// <summary>Length of every embedding (the hidden width, 384 for MiniLM).</summary>
    public int Dimension { get; }

    /// <summary>One unit-length embedding per text, in the order given (rules in the class summary).</summary>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var windows = new int[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"text {i} is null", nameof(texts));
            var tokens = _model.Tokenizer.Tokenize(text);
            int n = Math.Min(tokens.Count, _model.MaxWindowTokens);
            var ids = new int[n];
            for (int j = 0; j < n; j++) ids[j] = tokens[j].Id;
            windows[i] = ids;
        }
        if (windows.Length == 0) return [];

        var rows = _rows.RunWithSpecialTokens(windows, Hook, ct);
        var result = new float[windows.Length][];
        for (int i = 0; i < windows.Length; i++)
        {
            int expected = (windows[i].Length + 2) * Dimension;
            if (rows[i].Length != expected)
                throw new InvalidOperationException($"text {i}: the model gave {rows[i].Length} values, expected {expected} ([CLS] + {windows[i].Length} tokens + [SEP], {Dimension} wide)");
            result[i] = MeanPoolNormalized(rows[i], Dimension);
        }
        return result;
    }

    /// <summary>The mean of the rows of <paramref name="rows"/> ([count × width], row-major), scaled to unit L2
    /// length (norm floored at <see cref="NormFloor"/>); sums in double.</summary>
    public static float[] MeanPoolNormalized(float[] rows, int width)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (width < 1) throw new ArgumentException($"width must be at least 1, got {width}", nameof(width));
        if (rows.Length == 0 || rows.Length % width != 0)
            throw new ArgumentException($"{rows.Length} values are not a whole, non-empty number of rows {width} wide", nameof(rows));
        int count = rows.Length / width;
        var sum = new double[width];
        for (int r = 0; r < count; r++)
        {
            int o = r * width;
            for (int d = 0; d < width; d++) sum[d] += rows[o + d];
        }
        double norm = 0;
        for (int d = 0; d < width; d++) { sum[d] /= count; norm += sum[d] * sum[d]; }
        norm = Math.Max(Math.Sqrt(norm), NormFloor);
        var v = new float[width];
        for (int d = 0; d < width; d++) v[d] = (float)(sum[d] / norm);
        return v;
    }

    /// <summary>Cosine similarity a·b / (|a| |b|), summed in double; 0 when either vector is all zeros.
    /// Throws <see cref="ArgumentException"/> when the lengths differ or a vector is empty.</summary>
    public static double Cosine(float[] a, float[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length) throw new ArgumentException($"vectors of different lengths: {a.Length} and {b.Length}");
        if (a.Length == 0) throw new ArgumentException("cosine of empty vectors");
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
