namespace InterpLsp.Model.Tokenization;

/// <summary>
/// Unicode NFC as Hugging Face's <c>NFC</c> normalizer computes it (the <c>unicode-normalization-alignments</c> crate,
/// Unicode 9.0 data), with each output code point mapped back to the original text. .NET's own
/// <see cref="string.Normalize()"/> cannot serve: it is a no-op under invariant globalization and would follow a
/// newer Unicode.
/// </summary>
/// <remarks>
/// The text is cut into chunks before every code point that is a starter (combining class 0 once decomposed) and
/// cannot compose with what precedes it; NFC of the whole is the NFC of each chunk. Every output code point of a chunk
/// gets the chunk's original range (a chunk is usually one character with its marks; "e" + U+0301 becomes "é" with
/// the range of both).
/// </remarks>
internal static partial class NfcTable
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Dictionary<int, int[]> s_decompositions = BuildDecompositions();
    private static readonly Dictionary<int, byte> s_classes = BuildClasses();
    private static readonly Dictionary<long, int> s_compositions = BuildCompositions(out s_seconds);
    private static readonly HashSet<int> s_seconds;

    private static Dictionary<int, int[]> BuildDecompositions()
    {
        var d = new Dictionary<int, int[]>();
        for (int i = 0; i < DecompositionData.Length;)
        {
            int cp = DecompositionData[i], n = DecompositionData[i + 1];
            d[cp] = DecompositionData.Slice(i + 2, n).ToArray();
            i += 2 + n;
        }
        return d;
    }

    private static Dictionary<int, byte> BuildClasses()
    {
        var d = new Dictionary<int, byte>();
        for (int i = 0; i < CombiningClassData.Length; i += 2) d[CombiningClassData[i]] = (byte)CombiningClassData[i + 1];
        return d;
    }

    private static Dictionary<long, int> BuildCompositions(out HashSet<int> seconds)
    {
        var d = new Dictionary<long, int>();
        seconds = [];
        for (int i = 0; i < CompositionData.Length; i += 3)
        {
            d[Key(CompositionData[i], CompositionData[i + 1])] = CompositionData[i + 2];
            seconds.Add(CompositionData[i + 1]);
        }
        for (int v = VBase; v < VBase + VCount; v++) seconds.Add(v);
        for (int t = TBase + 1; t < TBase + TCount; t++) seconds.Add(t);
        return d;
    }

    private static long Key(int a, int b) => ((long)a << 21) | (uint)b;

    public static int CombiningClass(int cp) => s_classes.TryGetValue(cp, out byte c) ? c : 0;

    /// <summary>Whether NFC can start a new chunk before <paramref name="cp"/>.</summary>
    public static bool IsBoundaryBefore(int cp)
    {
        int first = cp >= SBase && cp < SBase + SCount ? cp : s_decompositions.TryGetValue(cp, out var d) ? d[0] : cp;
        return CombiningClass(first) == 0 && !s_seconds.Contains(first);
    }

    /// <summary>Whether a chunk of these code points is already in NFC and unchanged (the common case).</summary>
    public static bool IsInert(int cp) =>
        cp < 0x300 || (!s_decompositions.ContainsKey(cp) && CombiningClass(cp) == 0 && !s_seconds.Contains(cp) && !(cp >= SBase && cp < SBase + SCount) && !(cp >= LBase && cp < LBase + LCount));

    /// <summary>NFC of one chunk.</summary>
    public static void Normalize(ReadOnlySpan<int> chunk, List<int> output)
    {
        // Full canonical decomposition.
        var d = new List<int>(chunk.Length + 4);
        foreach (int cp in chunk)
        {
            if (cp >= SBase && cp < SBase + SCount)
            {
                int s = cp - SBase;
                d.Add(LBase + s / NCount);
                d.Add(VBase + s % NCount / TCount);
                if (s % TCount != 0) d.Add(TBase + s % TCount);
            }
            else if (s_decompositions.TryGetValue(cp, out var dec)) d.AddRange(dec);
            else d.Add(cp);
        }
        // Canonical ordering: a stable sort of each run of non-starters by class.
        for (int i = 1; i < d.Count; i++)
        {
            int c = CombiningClass(d[i]);
            if (c == 0) continue;
            int j = i;
            while (j > 0 && CombiningClass(d[j - 1]) > c)
            {
                (d[j - 1], d[j]) = (d[j], d[j - 1]);
                j--;
            }
        }
        // Canonical composition.
        int start = output.Count;
        int starter = -1, lastClass = -1;
        foreach (int cp in d)
        {
            int c = CombiningClass(cp);
            if (starter >= 0 && (lastClass < c || lastClass == 0) && TryCompose(output[starter], cp, out int composite))
            {
                output[starter] = composite;
                continue;
            }
            if (c == 0)
            {
                starter = output.Count;
                lastClass = 0;
            }
            else lastClass = starter >= 0 ? c : 256;
            output.Add(cp);
        }
    }

    private static bool TryCompose(int a, int b, out int composite)
    {
        if (a >= LBase && a < LBase + LCount && b >= VBase && b < VBase + VCount)
        {
            composite = SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
            return true;
        }
        if (a >= SBase && a < SBase + SCount && (a - SBase) % TCount == 0 && b > TBase && b < TBase + TCount)
        {
            composite = a + (b - TBase);
            return true;
        }
        return s_compositions.TryGetValue(Key(a, b), out composite);
    }
}
