using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>Context features (<see cref="ContextFeature"/>, id <c>context:sentence_start</c>): every one is tried for
/// every side, its values computed once per evidence table.</summary>
public sealed class ContextFamily : ICandidateFamily
{
    public const string Prefix = "context:";

    /// <summary>The id form, for <see cref="FeatureIds"/>.</summary>
    public static FeatureIdForm Form { get; } = new(Prefix, "context:<name> (" + ContextFeature.Names + ")",
        name => ContextFeature.Named(name) ?? throw new ArgumentException($"no context feature '{Echo.Input(name)}'; the names are {ContextFeature.Names}"));

    public string Name => "context";
    public IReadOnlyList<string> Prefixes { get; } = [Prefix];
    public IFeature? Parse(string id, FeatureContext context) => Form.Parse(id[Prefix.Length..]);

    public object? Prepare(CandidateBase b) =>
        ContextFeature.All.AsParallel().AsOrdered().Select(f => ((IFeature)f, f.Evaluate(b.Table))).ToList();

    public void Propose(Proposal p)
    {
        foreach (var (f, v) in p.Base.StateOf<List<(IFeature, FeatureValues)>>(this)) p.Add(f, v);
    }
}
