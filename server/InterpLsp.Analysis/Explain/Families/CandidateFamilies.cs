using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>
/// The registry of candidate families, in the order their candidates are proposed. <see cref="Default"/> is the
/// pipeline's; a new family is one class and one line in it. Ids are dispatched by prefix, so the order does not
/// change how an id parses; building a registry refuses two families that claim the same prefix, or a prefix that
/// begins another (an id could then belong to either).
/// </summary>
public sealed class CandidateFamilies
{
    /// <summary>Every family the pipeline proposes from, parses and ranks.</summary>
    public static CandidateFamilies Default { get; } = new(
    [
        new WordsFamily(),
        new TokensFamily(),
        new WordNetFamily(),
        new ContextFamily(),
        new PredictabilityFamily(),
        new DirectionsFamily(),
        new SuffixFamily(),
        new PartOfSpeechFamily(),
        new GenreFamily(),
        new FormulasFamily(), // after the families whose set-valued candidates it combines
        new UserHypothesesFamily(),
    ]);

    private readonly List<(string Prefix, ICandidateFamily Family)> _byPrefix = new();

    /// <exception cref="ArgumentException">Two families with one name, or prefixes that collide.</exception>
    public CandidateFamilies(IReadOnlyList<ICandidateFamily> families)
    {
        Families = families;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in families)
        {
            if (!names.Add(f.Name)) throw new ArgumentException($"two candidate families are named '{f.Name}'");
            foreach (var p in f.Prefixes)
            {
                if (p.Length == 0) throw new ArgumentException($"the family '{f.Name}' claims an empty id prefix");
                foreach (var (q, g) in _byPrefix)
                    if (p.StartsWith(q, StringComparison.Ordinal) || q.StartsWith(p, StringComparison.Ordinal))
                        throw new ArgumentException($"the id prefix '{p}' of the family '{f.Name}' collides with '{q}' of '{g.Name}'");
                _byPrefix.Add((p, f));
            }
        }
    }

    /// <summary>The families, in proposing order.</summary>
    public IReadOnlyList<ICandidateFamily> Families { get; }

    /// <summary>The family that owns <paramref name="id"/>'s prefix, or null.</summary>
    public ICandidateFamily? FamilyOf(string id)
    {
        foreach (var (p, f) in _byPrefix) if (id.StartsWith(p, StringComparison.Ordinal)) return f;
        return null;
    }

    /// <summary>The family of this name, or null.</summary>
    public ICandidateFamily? Named(string name) => Families.FirstOrDefault(f => f.Name == name);

    /// <summary>The feature of <paramref name="id"/>: null when no family owns its prefix or its family cannot compute
    /// it here.</summary>
    /// <exception cref="ArgumentException">Its family refused it; the message names the id.</exception>
    public IFeature? TryParse(string id, FeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (FamilyOf(id) is not { } family) return null;
        try { return family.Parse(id, context); }
        catch (ArgumentException e) { throw new ArgumentException($"the feature id '{Echo.Input(id, 200)}': {e.Message}", e); }
    }

    /// <summary><see cref="TryParse(string, FeatureContext)"/> with this registry and <paramref name="evidenceBase"/>.</summary>
    public IFeature? TryParse(string id, CandidateBase? evidenceBase) => TryParse(id, new FeatureContext(evidenceBase, this));

    /// <summary>How many parts <paramref name="feature"/> has, by its family (1 for a feature of none).</summary>
    public int Complexity(IFeature feature) => FamilyOf(feature.Id)?.Complexity(feature) ?? 1;

    /// <summary>True when <paramref name="feature"/>'s family may serve the modes' union test.</summary>
    public bool ServesUnion(IFeature feature) => FamilyOf(feature.Id)?.ServesUnion ?? false;
}
