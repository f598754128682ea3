using InterpLsp.Model.Hooks;
using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model;

/// <summary>
/// A transformer behind one interface so that BERT is one implementation among several: tokenize with
/// offsets, run windows of token ids capturing named hooks, list the hooks.
/// </summary>
public interface ILanguageModel : IDisposable
{
    ModelInfo Info { get; }
    ITokenizer Tokenizer { get; }
    IReadOnlyList<HookPoint> HookPoints { get; }

    /// <summary>Content tokens one window can hold (the model's positions minus its special tokens).</summary>
    int MaxWindowTokens { get; }

    /// <summary>The hook named <paramref name="name"/>; throws <see cref="UnknownHookException"/> otherwise.</summary>
    HookPoint GetHook(string name);

    /// <summary>
    /// Runs each window (content token ids, without special tokens: the model adds its own) and returns, per
    /// window, each requested hook's activations as [window tokens × hook width], row-major, special tokens
    /// removed. Stops after the last block the hooks need. Windows may be batched internally.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, float[]>> Run(
        IReadOnlyList<int[]> windows, IReadOnlyCollection<string> hooks, CancellationToken cancellation = default);
}

/// <summary>A hook name the model does not have; the message lists what it does have.</summary>
public sealed class UnknownHookException(string message) : ArgumentException(message);
