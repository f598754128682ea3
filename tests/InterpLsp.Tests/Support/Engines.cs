using System.Runtime.CompilerServices;
using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Model;

namespace InterpLsp.Tests.Support;

/// <summary>The product's engine over the shared test model: what the CLI computes (one engine per model).</summary>
public static class Engines
{
    private static readonly ConditionalWeakTable<ILanguageModel, InterpEngine> ByModel = new();

    public static InterpEngine For(ILanguageModel model) =>
        ByModel.GetValue(model, m => new InterpEngine(new ModelRegistry().AddEmbedded(() => m)));

    /// <summary>Each token's value on <paramref name="direction"/>, as <c>interp-lsp activations</c> gives it.</summary>
    public static IReadOnlyList<TokenValue> Activations(ILanguageModel model, string text, Direction direction)
    {
        var engine = For(model);
        var d = engine.AddDirection(direction, makeActive: false);
        var a = engine.AnalyzeText(text, d.Hook);
        var values = a.Values(engine.Projector(d));
        return a.Tokens.Select((t, i) => new TokenValue(text[t.Start..t.End], t.Start, t.End, values[i])).ToList();
    }
}

/// <summary>A model that counts the windows it is asked to run (to prove what needs no forward pass).</summary>
public sealed class CountingModel(ILanguageModel inner) : ILanguageModel
{
    public int Calls;
    public int Windows;
    public long Tokens;
    public ModelInfo Info => inner.Info;
    public InterpLsp.Model.Tokenization.ITokenizer Tokenizer => inner.Tokenizer;
    public IReadOnlyList<InterpLsp.Model.Hooks.HookPoint> HookPoints => inner.HookPoints;
    public int MaxWindowTokens => inner.MaxWindowTokens;
    public InterpLsp.Model.Hooks.HookPoint GetHook(string name) => inner.GetHook(name);

    public IReadOnlyList<IReadOnlyDictionary<string, float[]>> Run(IReadOnlyList<int[]> windows, IReadOnlyCollection<string> hooks, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref Calls);
        Interlocked.Add(ref Windows, windows.Count);
        Interlocked.Add(ref Tokens, windows.Sum(w => (long)w.Length));
        return inner.Run(windows, hooks, cancellation);
    }

    public void Dispose() { }
}
