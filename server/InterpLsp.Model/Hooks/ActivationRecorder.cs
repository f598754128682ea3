using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model.Hooks;

/// <summary>
/// Captures the activations of the hooks asked for during one forward pass, copied out of native memory straight into
/// one managed array per batch row (<see cref="RowSlices"/>: only the positions each row asks for), so no tensor
/// outlives the pass's dispose scope and nothing is copied twice: a 512-token window's hook is 786 KB, and every fresh
/// managed array of that size costs its pages' first-touch faults.
/// </summary>
public sealed class ActivationRecorder
{
    private readonly HashSet<string> _wanted;
    private readonly Dictionary<string, float[][]> _rows = new();
    private readonly RowSlices _slices;

    public ActivationRecorder(IEnumerable<string> wanted, RowSlices slices)
    {
        _wanted = new HashSet<string>(wanted, StringComparer.Ordinal);
        _slices = slices;
    }

    public IReadOnlySet<string> Wanted => _wanted;
    /// <summary>Each hook's values per batch row ([count, width] of positions skip..skip+count of that row).</summary>
    public IReadOnlyDictionary<string, float[][]> Rows => _rows;

    public bool Wants(string hook) => _wanted.Contains(hook);

    /// <summary>Copies a tensor's values into a new managed array (one memcpy for a contiguous CPU float32 tensor;
    /// TorchSharp's element accessor is two orders of magnitude slower).</summary>
    public static float[] ToArray(Tensor value)
    {
        using var c = OnHost(value);
        var result = new float[c.numel()];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(c.bytes).CopyTo(result);
        return result;
    }

    /// <summary>The tensor as contiguous CPU float32 (itself, without a copy, when it is one already).</summary>
    internal static Tensor OnHost(Tensor value) => value.detach().to(ScalarType.Float32).cpu().contiguous();

    /// <summary>Records <paramref name="value"/> under the table entry <paramref name="hook"/> at block
    /// <paramref name="layer"/> (-1 for embedding hooks) if that hook was asked for.</summary>
    public void Record(HookSpec hook, int layer, Tensor value)
    {
        if (_wanted.Count == 0) return;
        var name = hook.At(layer);
        if (!_wanted.Contains(name)) return;
        _rows[name] = _slices.Copy(value);
    }
}

/// <summary>Which positions of each batch row to keep: row i's positions <c>Skip[i]</c> up to <c>Skip[i] + Count[i]</c>
/// of a [batch, tokens, width] tensor.</summary>
public sealed record RowSlices(int[] Skip, int[] Count)
{
    /// <summary>One array per batch row, copied straight from the tensor's memory (one memcpy per row for a contiguous
    /// CPU float32 tensor).</summary>
    public float[][] Copy(Tensor value)
    {
        using var c = ActivationRecorder.OnHost(value);
        if (c.dim() != 3 || c.shape[0] != Skip.Length)
            throw new ArgumentException($"expected a [{Skip.Length}, tokens, width] tensor, got [{string.Join(", ", c.shape)}]");
        long t = c.shape[1], width = c.shape[2];
        var all = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(c.bytes);
        var rows = new float[Skip.Length][];
        for (int i = 0; i < rows.Length; i++)
        {
            if (Skip[i] < 0 || Count[i] < 0 || Skip[i] + Count[i] > t)
                throw new ArgumentOutOfRangeException(nameof(value), $"row {i}: positions {Skip[i]}..{Skip[i] + Count[i]} outside its {t}");
            rows[i] = new float[Count[i] * width];
            all.Slice((int)((i * t + Skip[i]) * width), rows[i].Length).CopyTo(rows[i]);
        }
        return rows;
    }
}
