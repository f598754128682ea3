using System.Text;
using InterpLsp.Interp.Activations;

namespace InterpLsp.Server.Cli;

/// <summary>Prints text with each token's background coloured by its value as CircuitsVis's
/// <c>colored_tokens</c> does: positive blue, negative red, mixed with white by |value| / max, clamped.</summary>
public static class TerminalHighlighter
{
    public static string Render(string text, IReadOnlyList<TokenValue> tokens, float? max = null)
    {
        float scale = max ?? tokens.Select(t => Math.Abs(t.Value)).DefaultIfEmpty(0).Max();
        var sb = new StringBuilder(text.Length * 4);
        int pos = 0;
        foreach (var t in tokens)
        {
            sb.Append(text, pos, t.Start - pos);
            var (r, g, b) = Colour(t.Value, scale);
            // Dark text on light backgrounds, light on strong ones.
            var fg = (0.299 * r + 0.587 * g + 0.114 * b) < 140 ? "255;255;255" : "0;0;0";
            sb.Append($"\u001b[48;2;{r};{g};{b}m\u001b[38;2;{fg}m").Append(text, t.Start, t.End - t.Start).Append("\u001b[0m");
            pos = t.End;
        }
        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }

    /// <summary>White mixed with blue (positive) or red (negative) by |value| / max.</summary>
    public static (int R, int G, int B) Colour(float value, float max)
    {
        double a = max > 0 && float.IsFinite(value) ? Math.Clamp(Math.Abs(value) / max, 0, 1) : 0;
        int fade = (int)Math.Round(255 * (1 - a));
        return value >= 0 ? (fade, fade, 255) : (255, fade, fade);
    }
}
