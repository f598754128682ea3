using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Text;
using InterpLsp.Model;
using InterpLsp.Model.Windows;

namespace InterpLsp.Interp.Activations;

/// <summary>Computes a direction's value at every token of a document (any length, windowed).</summary>
public static class ActivationRunner
{
    public static DirectionActivations Run(ILanguageModel model, string text, Direction direction,
        CancellationToken cancellation = default)
    {
        var hook = direction.Hook ?? throw new ArgumentException($"direction '{direction.Name}' has no hook");
        var tokens = model.Tokenizer.Tokenize(text);
        var values = new float[tokens.Count];
        var projector = new DirectionProjector(direction);
        DocumentForward.Run(model, text, tokens, hook, (i, row) => values[i] = projector.Value(row), cancellation);
        var result = new TokenValue[tokens.Count];
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            result[i] = new TokenValue(text[t.Start..t.End], t.Start, t.End, values[i]);
        }
        return new DirectionActivations(hook, direction.Id, result);
    }
}
