using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Candidates;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>
/// The genre of the text a token is in (<see cref="GenreFeature"/>, id <c>genre:news</c>), as the field reads a
/// direction that "fires in news text": a text-level concept, true on every token of a document whose text the corpus
/// files under that genre (<see cref="CorpusDocument.Genre"/>; the Brown Corpus's 15). Proposed: the
/// <see cref="Proposed"/> genres most enriched among the firing tokens. On a corpus without genres (a workspace
/// folder, the WordNet glosses) the family proposes nothing and says so in the explanation's warnings.
/// </summary>
public sealed class GenreFamily : ICandidateFamily
{
    public const string Prefix = "genre:";
    public const int Proposed = 2;

    public string Name => "genre";
    public IReadOnlyList<string> Prefixes { get; } = [Prefix];

    /// <summary>The genres of a table's documents: each document's index into <see cref="Genres"/> (-1: none).</summary>
    internal sealed record State(IReadOnlyList<CorpusGenre> Genres, int[] GenreOfDoc);

    public object? Prepare(CandidateBase b)
    {
        var ev = b.Evidence;
        if (!ev.HasGenres) return null;
        var genres = ev.DocGenre.Where(g => g is not null).Select(g => g!).DistinctBy(g => g.Id).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        var index = genres.Select((g, i) => (g.Id, i)).ToDictionary(z => z.Id, z => z.i, StringComparer.Ordinal);
        return new State(genres, ev.DocGenre.Select(g => g is null ? -1 : index[g.Id]).ToArray());
    }

    public string Key(CandidateBase b) => b.StateOf<State>(this) is { } s ? $"{Name}({string.Join(",", s.Genres.Select(g => g.Id))})" : $"{Name}(none)";

    public string? Note(CandidateBase b) => b.StateOf<State>(this) is null
        ? $"no genre candidates: the corpus {b.Evidence.CorpusId} names no genre for its texts (the Brown Corpus does)" : null;

    /// <summary>Computable only on evidence whose corpus has genres (the documents are named by key).</summary>
    public IFeature? Parse(string id, FeatureContext context)
    {
        var name = id[Prefix.Length..];
        if (name.Length == 0) throw new ArgumentException("a genre id names a genre: genre:news, genre:fiction, ...");
        if (context.Base?.StateOf<State>(this) is not { } s) return null;
        int g = s.Genres.ToList().FindIndex(x => x.Id == name);
        if (g < 0) throw new ArgumentException($"the corpus has no genre '{Echo.Input(name)}'; its genres are {string.Join(", ", s.Genres.Select(x => x.Id))}");
        return new GenreFeature(s.Genres[g], DocsOf(context.Base.Evidence.Table, s, g));
    }

    public void Propose(Proposal p)
    {
        if (p.Base.StateOf<State>(this) is not { } s) return;
        var table = p.Table;
        foreach (var (g, _, _) in p.Enriched(t => s.GenreOfDoc[table.Doc[t]], Proposed + 1).Where(x => x.Item >= 0).Take(Proposed))
        {
            var f = new GenreFeature(s.Genres[g], DocsOf(table, s, g));
            p.Add(f, f.Evaluate(table));
        }
    }

    private static HashSet<string> DocsOf(TokenTable table, State s, int g)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int d = 0; d < table.Documents; d++) if (s.GenreOfDoc[d] == g) keys.Add(table.DocKeys[d]);
        return keys;
    }
}

/// <summary>A genre: holds on every token of the documents filed under <see cref="Genre"/> (named by key, so it is
/// computed on any table of the same corpus's documents; on another text it holds nowhere). Id <c>genre:news</c>, label
/// "text of the genre Press: reportage (news)". Family <c>genre</c>.</summary>
public sealed class GenreFeature(CorpusGenre genre, IReadOnlySet<string> documents) : IFeature
{
    public CorpusGenre Genre { get; } = genre;
    public string Id => GenreFamily.Prefix + Genre.Id;
    public string Label => $"text of the genre {Genre.Name} ({Genre.Id})";
    public string Family => "genre";

    public FeatureValues Evaluate(TokenTable table)
    {
        var b = new HoldsBuilder(256);
        for (int d = 0; d < table.Documents; d++)
            if (documents.Contains(table.DocKeys[d]))
                for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++) b.Add(t);
        return b.ToValues(table.Count);
    }

    public override string ToString() => Id;
}
