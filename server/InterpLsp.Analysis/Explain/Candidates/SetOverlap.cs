namespace InterpLsp.Analysis.Explain.Candidates;

/// <summary>IoU of a sorted token set against firing tokens, restricted to one half of the evidence.</summary>
public static class SetOverlap
{
    /// <summary>IoU on the tokens where <paramref name="inHalf"/> is true; <paramref name="firesInHalf"/> is the
    /// number of firing tokens there.</summary>
    public static double IoU(int[] set, bool[] fires, Func<int, bool> inHalf, int firesInHalf, out int holds, out int hits)
    {
        holds = 0; hits = 0;
        foreach (int t in set)
        {
            if (!inHalf(t)) continue;
            holds++;
            if (fires[t]) hits++;
        }
        int union = holds + firesInHalf - hits;
        return union > 0 ? (double)hits / union : 0;
    }

    /// <summary>The tokens whose value is above the threshold that leaves a fraction <paramref name="rate"/> of the
    /// proposing half's tokens above it (at least one token when the rate is positive).</summary>
    public static int[] TopShare(float[] values, Func<int, bool> isPropose, double rate)
    {
        var propose = new List<float>();
        for (int t = 0; t < values.Length; t++) if (isPropose(t)) propose.Add(values[t]);
        if (propose.Count == 0 || rate <= 0) return [];
        propose.Sort();
        int k = Math.Max(1, (int)Math.Round(rate * propose.Count));
        float threshold = propose[Math.Max(0, propose.Count - k - 1)];
        if (k >= propose.Count) threshold = float.NegativeInfinity;
        var set = new List<int>();
        for (int t = 0; t < values.Length; t++) if (values[t] > threshold) set.Add(t);
        return set.ToArray();
    }
}
