using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace InterpLsp.Interp.Activations;

/// <summary>
/// Dot products with one fixed order of operations, so that a direction's value at a token is the same bits whether
/// it is computed alone (<see cref="Dot"/>: live colouring, hovers, evidence) or four tokens at a time
/// (<see cref="Dot4"/>: a scan's projection of every token of a window). The order: lanes of
/// <see cref="Vector{T}"/> floats, two accumulators taking alternate lane-blocks (the second may get one block fewer),
/// fused multiply-add where the processor has it (FMA3 or Arm's SIMD) and separate multiply and add where it does not (chosen once per process, so every dot product of a process rounds alike), the two added and summed across
/// lanes, then the elements past the last whole block added one by one. Four tokens at a time read each weight block
/// once for four rows, with eight independent sums in flight, which is what makes a scan of many directions cheap.
/// </summary>
public static class DotKernel
{
    /// <summary>Whether the lanes use fused multiply-add (one rounding per step) on this processor.</summary>
    public static readonly bool Fused = Fma.IsSupported || AdvSimd.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> MulAdd(Vector<float> x, Vector<float> y, Vector<float> acc) =>
        Fused ? Vector.FusedMultiplyAdd(x, y, acc) : acc + x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MulAdd(float x, float y, float acc) => Fused ? MathF.FusedMultiplyAdd(x, y, acc) : acc + x * y;

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"dot of lengths {a.Length} and {b.Length}");
        int n = a.Length, w = Vector<float>.Count, i = 0;
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero;
        for (; i + 2 * w <= n; i += 2 * w)
        {
            s0 = MulAdd(Vector.LoadUnsafe(ref pa, (nuint)i), Vector.LoadUnsafe(ref pb, (nuint)i), s0);
            s1 = MulAdd(Vector.LoadUnsafe(ref pa, (nuint)(i + w)), Vector.LoadUnsafe(ref pb, (nuint)(i + w)), s1);
        }
        if (i + w <= n) { s0 = MulAdd(Vector.LoadUnsafe(ref pa, (nuint)i), Vector.LoadUnsafe(ref pb, (nuint)i), s0); i += w; }
        float sum = Vector.Sum(s0 + s1);
        for (; i < n; i++) sum = MulAdd(a[i], b[i], sum);
        return sum;
    }

    /// <summary>The dot products of four rows with <paramref name="w"/>, each equal to <see cref="Dot"/> of that row.</summary>
    public static void Dot4(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, ReadOnlySpan<float> r2, ReadOnlySpan<float> r3,
        ReadOnlySpan<float> w, out float d0, out float d1, out float d2, out float d3)
    {
        int n = w.Length, lanes = Vector<float>.Count, i = 0;
        if (r0.Length != n || r1.Length != n || r2.Length != n || r3.Length != n) throw new ArgumentException($"rows of length {n} expected");
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float p0 = ref MemoryMarshal.GetReference(r0);
        ref float p1 = ref MemoryMarshal.GetReference(r1);
        ref float p2 = ref MemoryMarshal.GetReference(r2);
        ref float p3 = ref MemoryMarshal.GetReference(r3);
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        for (; i + 2 * lanes <= n; i += 2 * lanes)
        {
            var x = Vector.LoadUnsafe(ref pw, (nuint)i);
            var y = Vector.LoadUnsafe(ref pw, (nuint)(i + lanes));
            a0 = MulAdd(Vector.LoadUnsafe(ref p0, (nuint)i), x, a0); b0 = MulAdd(Vector.LoadUnsafe(ref p0, (nuint)(i + lanes)), y, b0);
            a1 = MulAdd(Vector.LoadUnsafe(ref p1, (nuint)i), x, a1); b1 = MulAdd(Vector.LoadUnsafe(ref p1, (nuint)(i + lanes)), y, b1);
            a2 = MulAdd(Vector.LoadUnsafe(ref p2, (nuint)i), x, a2); b2 = MulAdd(Vector.LoadUnsafe(ref p2, (nuint)(i + lanes)), y, b2);
            a3 = MulAdd(Vector.LoadUnsafe(ref p3, (nuint)i), x, a3); b3 = MulAdd(Vector.LoadUnsafe(ref p3, (nuint)(i + lanes)), y, b3);
        }
        if (i + lanes <= n)
        {
            var x = Vector.LoadUnsafe(ref pw, (nuint)i);
            a0 = MulAdd(Vector.LoadUnsafe(ref p0, (nuint)i), x, a0);
            a1 = MulAdd(Vector.LoadUnsafe(ref p1, (nuint)i), x, a1);
            a2 = MulAdd(Vector.LoadUnsafe(ref p2, (nuint)i), x, a2);
            a3 = MulAdd(Vector.LoadUnsafe(ref p3, (nuint)i), x, a3);
            i += lanes;
        }
        d0 = Vector.Sum(a0 + b0); d1 = Vector.Sum(a1 + b1); d2 = Vector.Sum(a2 + b2); d3 = Vector.Sum(a3 + b3);
        for (; i < n; i++)
        {
            d0 = MulAdd(r0[i], w[i], d0); d1 = MulAdd(r1[i], w[i], d1); d2 = MulAdd(r2[i], w[i], d2); d3 = MulAdd(r3[i], w[i], d3);
        }
    }
}
