namespace InterpLsp.Model.Causal;

/// <summary>
/// <c>Alpha * Vector</c> added to the residual stream at every position of a forward pass (BOS included), either
/// entering block <see cref="Layer"/> (<c>blocks.L.hook_resid_pre</c>) or leaving it (<c>blocks.L.hook_resid_post</c>):
/// what a TransformerLens hook <c>lambda resid, hook: resid + alpha * d</c> does there, so everything downstream,
/// later blocks and the logits, sees the steered stream. <see cref="Vector"/> is used as given: nothing is
/// unit-normalised unless <see cref="At"/> is asked to.
/// </summary>
/// <param name="Layer">the block, 0-based</param>
/// <param name="BeforeBlock">true: added to the block's input (resid_pre); false: to its output (resid_post)</param>
/// <param name="Vector">the direction, as wide as the residual stream</param>
/// <param name="Alpha">its scale</param>
public sealed record ResidualIntervention(int Layer, bool BeforeBlock, float[] Vector, float Alpha)
{
    /// <summary>The hook name this intervention writes at.</summary>
    public string HookName => (BeforeBlock ? DecoderHooks.ResidPre : DecoderHooks.ResidPost).At(Layer);

    /// <summary>
    /// An intervention at <paramref name="hook"/>, which must be one of the model's <c>blocks.L.hook_resid_pre</c> or
    /// <c>blocks.L.hook_resid_post</c>. An unknown name throws <see cref="UnknownHookException"/> (with the nearest
    /// names); another of the model's hooks, a direction of the wrong width or with a non-finite value, or a
    /// non-finite <paramref name="alpha"/>, an <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="normalize">divide the direction by its Euclidean norm first (a zero direction is then refused);
    /// by default it is used as given</param>
    public static ResidualIntervention At(CausalLanguageModel model, string hook, float[] direction, float alpha, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(direction);
        var point = model.GetHook(hook);
        bool before;
        if (point.Layer >= 0 && point.Layer < model.Info.Layers && point.Name == DecoderHooks.ResidPre.At(point.Layer)) before = true;
        else if (point.Layer >= 0 && point.Layer < model.Info.Layers && point.Name == DecoderHooks.ResidPost.At(point.Layer)) before = false;
        else
            throw new ArgumentException(
                $"steering adds to the residual stream at blocks.L.hook_resid_pre or blocks.L.hook_resid_post (L = 0..{model.Info.Layers - 1}); '{point.Name}' is not one", nameof(hook));
        var vector = (float[])direction.Clone();
        if (normalize)
        {
            model.Decoder.Shape.CheckResidualDirection(vector);
            double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
            if (norm == 0) throw new ArgumentException("a zero direction cannot be unit-normalised", nameof(direction));
            for (int i = 0; i < vector.Length; i++) vector[i] = (float)(vector[i] / norm);
        }
        var result = new ResidualIntervention(point.Layer, before, vector, alpha);
        result.CheckFits(model.Decoder.Shape);
        return result;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> unless this fits a model of <paramref name="shape"/>.</summary>
    public void CheckFits(DecoderShape shape)
    {
        if (Layer < 0 || Layer >= shape.Layers)
            throw new ArgumentException($"layer {Layer} is not a block of this model (0..{shape.Layers - 1})");
        shape.CheckResidualDirection(Vector);
        if (!float.IsFinite(Alpha)) throw new ArgumentException($"alpha must be finite, got {Alpha}");
    }
}
