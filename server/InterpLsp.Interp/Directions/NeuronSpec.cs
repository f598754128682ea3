using System.Globalization;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>A neuron spec: <c>neuron:HOOK:INDEX</c>, or <c>neuron:INDEX</c> at the default hook.
/// <see cref="Index"/> is the index's value (long.MaxValue when it has more digits than a long), so that an index of
/// 10^12 is reported as out of range rather than as not a number; <see cref="IndexText"/> is its digits, cut for messages.</summary>
internal sealed record NeuronSpec(string Hook, long Index, string IndexText)
{
    public const string Prefix = "neuron:";

    public static bool Matches(string text) => text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static NeuronSpec Parse(string text, string? defaultHook)
    {
        var body = text[Prefix.Length..];
        int colon = body.LastIndexOf(':');
        var hook = colon >= 0 ? body[..colon].Trim() : defaultHook;
        var indexText = (colon >= 0 ? body[(colon + 1)..] : body).Trim();

        if (string.IsNullOrEmpty(hook))
            throw new DirectionLoadException(text, "no hook: write neuron:HOOK:INDEX, e.g. neuron:blocks.3.mlp.hook_post:123");
        if (indexText.Length == 0 || !indexText.All(char.IsAsciiDigit))
            throw new DirectionLoadException(text, $"neuron index '{Echo.Input(indexText)}' is not a non-negative integer");
        var digits = indexText.TrimStart('0');
        long index = digits.Length == 0 ? 0
            : long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : long.MaxValue;
        return new NeuronSpec(hook, index, Echo.Input(digits.Length == 0 ? "0" : digits));
    }
}
