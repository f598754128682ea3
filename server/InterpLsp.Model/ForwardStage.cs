using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model;

/// <summary>
/// One stage of a forward pass (the embeddings, a block) run in its own dispose scope: its intermediates are freed as
/// soon as it is done (the recorder has copied what it wants), not when the caller's scope ends. A 512-token window's
/// block makes ~16 MB of them, so six blocks held to the end peaked near 100 MB, and about 1,000 pages a pass were fresh
/// ones faulted in (~17 µs each on this kind of virtual machine; bench reports the faults); freed stage by stage, a
/// pass reuses the same few blocks of memory.
/// </summary>
public static class ForwardStage
{
    /// <summary>The stage's output, moved out to the caller's scope.</summary>
    public static Tensor Run(Func<Tensor> stage)
    {
        using var scope = NewDisposeScope();
        return stage().MoveToOuterDisposeScope();
    }

    /// <summary>The next stage's output from <paramref name="input"/>, which is then freed.</summary>
    public static Tensor Next(Tensor input, Func<Tensor, Tensor> stage)
    {
        var output = Run(() => stage(input));
        input.Dispose();
        return output;
    }
}
