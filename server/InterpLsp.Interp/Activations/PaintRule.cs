namespace InterpLsp.Interp.Activations;

/// <summary>
/// The one paint rule, the same in every editor (the server's semantic tokens and the VS Code client's
/// decorations): intensity = min(1, |value| / scale), where the scale is max(|p01|, |p99|) of the direction's
/// values (else |max|, else 1); a token is not painted when its intensity is 0 or below the threshold;
/// otherwise its level is ceil(<see cref="Levels"/> x intensity), 1..Levels. Levels are absolute: the threshold
/// hides weak tokens but never re-stretches the colours. The server sends the scale (<c>paint</c>); the client
/// does not recompute it.
/// </summary>
public static class PaintRule
{
    public const int Levels = 8;

    /// <summary>The |value| that maps to full intensity, never zero.</summary>
    public static float Scale(IValueDistribution d)
    {
        float s = Math.Max(Math.Abs(d.Quantile(0.01)), Math.Abs(d.Quantile(0.99)));
        if (s > 0 && float.IsFinite(s)) return s;
        float m = Math.Max(Math.Abs(d.Min), Math.Abs(d.Max));
        return m > 0 && float.IsFinite(m) ? m : 1;
    }

    public static double Intensity(float value, float scale) =>
        !float.IsFinite(value) || !(scale > 0) ? 0 : Math.Min(1, Math.Abs(value) / scale);

    /// <summary>1..<see cref="Levels"/>, or 0 when the token is not painted.</summary>
    public static int Level(float value, float scale, double threshold)
    {
        double i = Intensity(value, scale);
        if (i == 0 || i < threshold) return 0;
        return Math.Clamp((int)Math.Ceiling(i * Levels - 1e-9), 1, Levels);
    }
}
