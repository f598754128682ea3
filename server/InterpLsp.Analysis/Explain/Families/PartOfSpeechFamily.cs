using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.PartsOfSpeech;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>
/// Parts of speech (<see cref="PartOfSpeechFeature"/>), as the field reads a direction: "fires on past-tense verbs"
/// (<c>pos:VBD</c>, a fine Brown tag) or "fires on verbs" (<c>upos:VERB</c>, one of the 12 Universal tags). The tags come
/// from the part-of-speech tagger trained on the Brown Corpus at build time (<see cref="PosTagger"/>), so the family works
/// on any corpus; each evidence table is tagged once (<see cref="TokenTags"/>). Proposed: the <see cref="ProposedFine"/>
/// fine tags and <see cref="ProposedUniversal"/> Universal tags most enriched among the firing tokens. Without the
/// tagger's model file the family proposes nothing and says so once in the explanation's warnings.
/// </summary>
public sealed class PartOfSpeechFamily : ICandidateFamily
{
    public const string FinePrefix = "pos:", UniversalPrefix = "upos:";
    public const int ProposedFine = 4, ProposedUniversal = 2;

    private readonly Func<(PosTagger? Tagger, string? Problem)> _tagger;

    /// <param name="tagger">Where the tagger comes from (null: the shipped model, <see cref="PosTagger.Default"/>).</param>
    public PartOfSpeechFamily(Func<PosTagger?>? tagger = null) =>
        _tagger = tagger is null ? () => (PosTagger.Default(out var problem), problem) : () => (tagger(), "no part-of-speech tagger was given");

    public string Name => "pos";
    public IReadOnlyList<string> Prefixes { get; } = [FinePrefix, UniversalPrefix];

    public IFeature? Parse(string id, FeatureContext context)
    {
        bool universal = id.StartsWith(UniversalPrefix, StringComparison.Ordinal);
        var tag = id[(universal ? UniversalPrefix : FinePrefix).Length..];
        if (universal && !BrownTags.IsUniversal(tag))
            throw new ArgumentException($"no Universal tag '{Echo.Input(tag)}'; the tags are {string.Join(", ", BrownTags.UniversalTags)}");
        if (_tagger().Tagger is not { } tagger) return null;
        if (!universal && tagger.IndexOf(tag) < 0)
            throw new ArgumentException($"the tagger has no Brown tag '{Echo.Input(tag)}' (tags are upper case: NN, VBD, JJ, ...)");
        return new PartOfSpeechFeature(tagger, tag, universal);
    }

    private sealed record State(PosTagger Tagger, TokenTags Tags, int[] UniversalOf);

    public object? Prepare(CandidateBase b)
    {
        if (_tagger().Tagger is not { } tagger) return null;
        var universalOf = tagger.Universal.Select(u => BrownTags.UniversalTags.ToList().IndexOf(u)).ToArray();
        return new State(tagger, TokenTags.Of(tagger, b.Table), universalOf);
    }

    public string Key(CandidateBase b) => _tagger().Tagger is { } t ? $"{Name}({t.Hash})" : $"{Name}(none)";

    public string? Note(CandidateBase b) =>
        _tagger() is { Tagger: null, Problem: var problem } ? $"no part-of-speech candidates: {problem}" : null;

    public void Propose(Proposal p)
    {
        if (p.Base.StateOf<State>(this) is not { } s) return;
        var fine = s.Tags.Fine;
        int Universal(int t) => fine[t] == TokenTags.None ? -1 : s.UniversalOf[fine[t]];
        // One more than proposed is asked for: "no word" (white space) may be among them.
        foreach (var (tag, _, _) in p.Enriched(t => fine[t], ProposedFine + 1).Where(x => x.Item != TokenTags.None).Take(ProposedFine))
            Add(p, new PartOfSpeechFeature(s.Tagger, s.Tagger.Tags[tag], false), s.Tags);
        foreach (var (u, _, _) in p.Enriched(Universal, ProposedUniversal + 1).Where(x => x.Item >= 0).Take(ProposedUniversal))
            Add(p, new PartOfSpeechFeature(s.Tagger, BrownTags.UniversalTags[u], true), s.Tags);
    }

    private static void Add(Proposal p, PartOfSpeechFeature f, TokenTags tags) => p.Add(f, f.Evaluate(p.Table, tags));
}

/// <summary>A part of speech: holds on every token whose word the tagger (<see cref="TokenTags"/>) tags with
/// <see cref="Tag"/>, a fine Brown tag (id <c>pos:VBD</c>, label "past-tense verbs (VBD)") or a Universal tag (id
/// <c>upos:VERB</c>, label "verbs (Universal VERB)", every fine tag that maps to it). Family <c>pos</c>.</summary>
public sealed class PartOfSpeechFeature : IFeature
{
    private readonly PosTagger _tagger;
    private readonly bool[] _matches;

    public PartOfSpeechFeature(PosTagger tagger, string tag, bool universal)
    {
        _tagger = tagger;
        Tag = tag;
        Universal = universal;
        _matches = Enumerable.Range(0, 256).Select(i => i < tagger.Tags.Count && (universal ? tagger.Universal[i] : tagger.Tags[i]) == tag).ToArray();
        if (!_matches.Any(m => m)) throw new ArgumentException($"the tagger gives no word the tag '{Echo.Input(tag)}'");
    }

    public string Tag { get; }
    public bool Universal { get; }
    public string Id => (Universal ? PartOfSpeechFamily.UniversalPrefix : PartOfSpeechFamily.FinePrefix) + Tag;
    public string Label => Universal ? $"{BrownTags.UniversalName(Tag)} (Universal {Tag})" : $"{BrownTags.Name(Tag)} ({Tag})";
    public string Family => "pos";

    public FeatureValues Evaluate(TokenTable table) => Evaluate(table, TokenTags.Of(_tagger, table));

    internal FeatureValues Evaluate(TokenTable table, TokenTags tags)
    {
        var b = new HoldsBuilder(256);
        for (int t = 0; t < table.Count; t++) if (_matches[tags.Fine[t]]) b.Add(t);
        return b.ToValues(table.Count);
    }

    public override string ToString() => Id;
}
