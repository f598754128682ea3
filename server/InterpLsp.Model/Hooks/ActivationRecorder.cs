using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model.Hooks;

/// <summary>
/// Captures the activations of the hooks asked for during one forward pass, copied out of native memory
/// into managed arrays (so no tensor outlives the pass's dispose scope). Shape of each: [batch, tokens, width].
/// </summary>
public sealed class ActivationRecorder
{
    private readonly HashSet<string> _wanted;
    private readonly Dictionary<string, float[]> _captured = new();

    public ActivationRecorder(IEnumerable<string> wanted) => _wanted = new HashSet<string>(wanted, StringComparer.Ordinal);

    public IReadOnlySet<string> Wanted => _wanted;
    public IReadOnlyDictionary<string, float[]> Captured => _captured;

    public bool Wants(string hook) => _wanted.Contains(hook);

    /// <summary>Copies a tensor's values into a new managed array (one memcpy for a contiguous CPU float32 tensor;
    /// TorchSharp's element accessor is two orders of magnitude slower).</summary>
    public static float[] ToArray(Tensor value)
    {
        using var c = value.detach().to(ScalarType.Float32).cpu().contiguous();
        var result = new float[c.numel()];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(c.bytes).CopyTo(result);
        return result;
    }

    /// <summary>Records <paramref name="value"/> under the table entry <paramref name="hook"/> at block
    /// <paramref name="layer"/> (-1 for embedding hooks) if that hook was asked for.</summary>
    public void Record(HookSpec hook, int layer, Tensor value)
    {
        if (_wanted.Count == 0) return;
        var name = hook.At(layer);
        if (!_wanted.Contains(name)) return;
        _captured[name] = ToArray(value);
    }
}
