using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>
/// One family of candidate explanations (words, tokens, WordNet, context, predictability, library directions,
/// formulas, user hypotheses, …): everything the pipeline needs to know about it, in one class. The pipeline
/// iterates <see cref="CandidateFamilies.Default"/>; a new family is one class and one line there.
/// </summary>
public interface ICandidateFamily
{
    /// <summary>The family's name, for people and for <see cref="IFeature.Family"/> (e.g. <c>words</c>).</summary>
    string Name { get; }

    /// <summary>The id prefixes this family owns (<c>words:</c>); no two families share one, nor may one prefix
    /// begin another (<see cref="CandidateFamilies"/> refuses that when it is built).</summary>
    IReadOnlyList<string> Prefixes { get; }

    /// <summary>The feature of an id that starts with one of <see cref="Prefixes"/>; null when it cannot be
    /// computed here (what it needs is not loaded, or it exists only on other evidence).</summary>
    /// <exception cref="ArgumentException">The id is not a valid feature of this family.</exception>
    IFeature? Parse(string id, FeatureContext context);

    /// <summary>What the family computes once per evidence table (kept on the <see cref="CandidateBase"/>, read back
    /// with <see cref="CandidateBase.StateOf{T}"/>); null when it needs nothing.</summary>
    object? Prepare(CandidateBase b) => null;

    /// <summary>What the family's candidates depend on beyond the evidence, for the null's cache key
    /// (<see cref="RandomNull"/>): its name, and which model it reads where it reads one.</summary>
    string Key(CandidateBase b) => Name;

    /// <summary>One line for the explanation's warnings when the family proposes nothing on this evidence for want of
    /// something it needs (a model file that is not there); null when it works.</summary>
    string? Note(CandidateBase b) => null;

    /// <summary>Adds the family's candidates for what <paramref name="p"/> asks to explain (<see cref="Proposal.Add"/>).</summary>
    void Propose(Proposal p);

    /// <summary>How many parts a feature of this family has (terms of a formula, items of a list): among equal
    /// scores the simpler ranks first (<see cref="CandidateRanking"/>); 1 is a single concept.</summary>
    int Complexity(IFeature feature) => 1;

    /// <summary>True when the family's candidates may stand as the one concept in the modes' union test
    /// (<see cref="UnionTest"/>).</summary>
    bool ServesUnion => false;

    /// <summary>Extra candidates for the union test: concepts that cover every one of the modes (<paramref name="modes"/>:
    /// each mode's firing tokens). Only asked of families that <see cref="ServesUnion"/>.</summary>
    IEnumerable<Candidate> ProposeCovering(CandidateBase b, IReadOnlyList<bool[]> modes) => [];
}

/// <summary>What parsing an id may use: the evidence's candidate base (null: none loaded, e.g. the hover card on a
/// corpus never explained) and the registry, for ids made of other ids (formulas).</summary>
public sealed record FeatureContext(CandidateBase? Base, CandidateFamilies Families)
{
    /// <summary>A term of a composite id; an id that cannot be computed here is an <see cref="ArgumentException"/>.</summary>
    public IFeature Term(string id) => Families.TryParse(id, this) ?? throw new ArgumentException($"the term '{id}' cannot be computed here");
}
