using System.Globalization;

namespace InterpLsp.Interp.Directions;

/// <summary>A neuron spec: <c>neuron:HOOK:INDEX</c>, or <c>neuron:INDEX</c> at the default hook.</summary>
internal sealed record NeuronSpec(string Hook, int Index)
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
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new DirectionLoadException(text, $"neuron index '{indexText}' is not a non-negative integer");
        return new NeuronSpec(hook, index);
    }
}
