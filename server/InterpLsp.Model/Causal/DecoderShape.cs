namespace InterpLsp.Model.Causal;

/// <summary>The sizes of a decoder-only transformer, read from its config.json.</summary>
/// <param name="KvHeads">key/value heads (grouped-query attention: fewer than <paramref name="Heads"/>)</param>
/// <param name="MaxPositions">positions the model was trained for (its context)</param>
public sealed record DecoderShape(int Layers, int Hidden, int Heads, int KvHeads, int HeadDim, int Intermediate, int Vocab, int MaxPositions)
{
    /// <summary>Width of <c>attn.hook_z</c>: all heads' outputs side by side.</summary>
    public int AttentionWidth => Heads * HeadDim;

    /// <summary>Throws an <see cref="ArgumentException"/> (naming both widths) unless <paramref name="direction"/>, a
    /// vector to be written into the residual stream, is <see cref="Hidden"/> wide and every value is finite.</summary>
    public void CheckResidualDirection(float[] direction)
    {
        ArgumentNullException.ThrowIfNull(direction);
        if (direction.Length != Hidden)
            throw new ArgumentException($"the direction has {direction.Length} values but the model's residual stream is {Hidden} wide", nameof(direction));
        for (int i = 0; i < direction.Length; i++)
            if (!float.IsFinite(direction[i]))
                throw new ArgumentException($"the direction's value {i} is {direction[i]}; every value must be finite", nameof(direction));
    }

    /// <summary>Checks the sizes fit together; <paramref name="fail"/> makes the config's error.</summary>
    public DecoderShape Checked(Func<string, Exception> fail)
    {
        if (KvHeads > Heads || Heads % KvHeads != 0)
            throw fail($"{Heads} attention heads cannot share {KvHeads} key/value heads (heads must be a multiple of them)");
        if (HeadDim % 2 != 0) throw fail($"head dimension {HeadDim} is odd");
        return this;
    }
}
