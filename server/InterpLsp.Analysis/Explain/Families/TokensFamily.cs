using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>Token lists (<see cref="TokenSetFeature"/>, id <c>tokens:warm|hot</c>): the token texts most enriched
/// among the firing tokens (blank ones left out), alone and as sets (<see cref="ItemSets"/>). A list of n tokens has
/// complexity n.</summary>
public sealed class TokensFamily : ICandidateFamily
{
    public const string Prefix = "tokens:";

    /// <summary>The id form, for <see cref="FeatureIds"/>.</summary>
    public static FeatureIdForm Form { get; } = new(Prefix, "tokens:<token>|<token>… (token texts, lower-case, \\| and \\\\ for | and \\)",
        body => new TokenSetFeature(FeatureIdList.Split(body)));

    public string Name => "tokens";
    public IReadOnlyList<string> Prefixes { get; } = [Prefix];
    public IFeature? Parse(string id, FeatureContext context) => Form.Parse(id[Prefix.Length..]);
    public int Complexity(IFeature feature) => feature is TokenSetFeature t ? t.Tokens.Count : 1;

    public void Propose(Proposal p)
    {
        var b = p.Base;
        var ranked = p.Enriched(t => b.TokenString[t], ItemSets.Ranked).Where(x => b.TokenStrings[x.Item].Trim().Length > 0).Select(x => x.Item).ToList();
        ItemSets.Propose(p, ranked, b.TokensOfString, ids => new TokenSetFeature(ids.Select(i => b.TokenStrings[i])));
    }
}
