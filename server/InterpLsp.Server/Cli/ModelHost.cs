using InterpLsp.Analysis.Engine;
using InterpLsp.Model.Embedded;

namespace InterpLsp.Server.Cli;

/// <summary>The command line's one engine (over the process's model registry), made on first use.</summary>
public static class ModelHost
{
    private static readonly Lazy<InterpEngine> _engine = new(() => new InterpEngine(ModelRegistry.WithEmbedded()), isThreadSafe: true);

    public static InterpEngine Engine => _engine.Value;

    /// <summary>Makes <paramref name="model"/> (a <c>--model</c> value; null: the default) the engine's model, loads it
    /// and moves the hook to one it has (rule 5 of the engine). Returns the engine.</summary>
    public static InterpEngine Select(string? model)
    {
        var engine = Engine;
        if (!string.IsNullOrWhiteSpace(model))
        {
            engine.SelectModel(model, fixHookInBackground: false);
            engine.FixHookForModel();
        }
        return engine;
    }

    /// <summary>Stops the engine's inference thread (joined) if the engine was made; the model stays loaded
    /// (see <see cref="ProcessEnd"/>: freeing it while a thread might still use it would be the crash it avoids).</summary>
    public static void Stop()
    {
        if (_engine.IsValueCreated) _engine.Value.Dispose();
    }

    /// <summary>The embedded BERT itself, for the verbs that compare it with ONNX Runtime (verify-model, bench).</summary>
    public static BertLanguageModel Bert => Engine.Model() as BertLanguageModel
        ?? throw new ArgumentException($"{Engine.Selection.ModelId} is not the embedded BERT: verify-model and bench compare only the embedded model with ONNX Runtime");
}
