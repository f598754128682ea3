using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Probes;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using InterpLsp.Model;

namespace InterpLsp.Analysis.Runs;

/// <summary>A probe trained and saved: what <c>interp-lsp probe train</c> and the LSP's <c>interp.trainProbe</c>
/// both do (one implementation): train (<see cref="ProbeTrainer"/>), store in the workspace library with the data's
/// hash and the held-out report, and add the stored direction to the engine's session.</summary>
public static class ProbeRun
{
    /// <summary>The stored probe: its library name, the direction as the library returns it (id
    /// <c>library:NAME</c>) and its report.</summary>
    public sealed record Result(string Name, Direction Direction, ProbeReport Report);

    /// <param name="model">The model to read hidden states from (the engine's; the caller holds the inference
    /// queue: the LSP runs this inside <see cref="InterpEngine.RunInBackground"/>).</param>
    /// <param name="library">Where to store it; null: not stored (the direction keeps its own name as id).</param>
    public static Result TrainAndStore(InterpEngine engine, ILanguageModel model, DirectionLibrary? library, ProbeDataset data,
        ProbeOptions options, bool makeActive, IProgress<string>? progress, CancellationToken ct)
    {
        var trained = ProbeTrainer.Train(model, data, options with { ModelId = options.ModelId ?? engine.Selection.ModelId }, progress, ct);
        ct.ThrowIfCancellationRequested();
        var d = trained.Direction;
        string name = d.Name;
        if (library is not null)
        {
            var madeBy = new MadeBy($"probe:{trained.Report.Method}", data.Hash, trained.Report.ToJson());
            name = library.Put(d, d.Name, madeBy);
            d = library.Get(name);
            progress?.Report($"stored as '{name}' in {library.Folder}");
        }
        d = engine.AddDirection(d, makeActive);
        return new Result(name, d, trained.Report);
    }
}
