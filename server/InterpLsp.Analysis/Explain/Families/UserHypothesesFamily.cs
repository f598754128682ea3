using InterpLsp.Analysis.Explain.Features;
using InterpLsp.Analysis.Explain.Pipeline;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Families;

/// <summary>
/// The user's own hypotheses, never proposed: a word list (<c>words</c>, a <see cref="WordSetFeature"/> of the words
/// family), a .NET regex (<c>regex</c>, a <see cref="RegexFeature"/>, id <c>regex:PATTERN</c>, owned here) or free
/// text (<c>text</c>, scored by the embedding scorer, no feature). The one list of the kinds, how each is read from
/// what the user typed, and the feature each is scored as.
/// </summary>
public sealed class UserHypothesesFamily : ICandidateFamily
{
    public const string Prefix = "regex:";
    /// <summary>The hypothesis kinds, in the order they are offered.</summary>
    public static readonly string[] Kinds = ["words", "regex", "text"];
    private static readonly char[] WordSeparators = [',', ' ', '\t', '\n', '\r', ';'];

    /// <summary>The id form, for <see cref="FeatureIds"/>.</summary>
    public static FeatureIdForm Form { get; } = new(Prefix, "regex:<.NET pattern> (case-sensitive, (?i) for any case)", body => new RegexFeature(body));

    public string Name => "hypothesis";
    public IReadOnlyList<string> Prefixes { get; } = [Prefix];
    public IFeature? Parse(string id, FeatureContext context) => Form.Parse(id[Prefix.Length..]);
    public void Propose(Proposal p) { }

    /// <summary>The words of a comma- or space-separated list (empty pieces dropped, order kept, repeats kept once).</summary>
    public static IReadOnlyList<string> SplitWords(string list) =>
        list.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The hypothesis of <paramref name="kind"/> with text <paramref name="value"/>; an unknown kind or an
    /// empty value (for words: no word in it) is an <see cref="ArgumentException"/> naming the problem.</summary>
    public static Hypothesis Read(string kind, string? value)
    {
        var v = value ?? "";
        switch (kind)
        {
            case "words":
                var words = SplitWords(v);
                if (words.Count == 0) throw new ArgumentException("the word list is empty; give at least one word (separated by commas or spaces)");
                return new Hypothesis("words", string.Join(", ", words), words);
            case "regex":
                if (v.Length == 0) throw new ArgumentException("the regex is empty");
                // compiled here, before any model or evidence loads, so a bad pattern fails at once with .NET's reason
                _ = new RegexFeature(v);
                return new Hypothesis("regex", v);
            case "text":
                if (string.IsNullOrWhiteSpace(v)) throw new ArgumentException("the hypothesis text is empty");
                return new Hypothesis("text", v.Trim());
            default:
                throw new ArgumentException($"unknown hypothesis kind '{Echo.Input(kind)}'; it is one of {string.Join(", ", Kinds)}");
        }
    }

    /// <summary>Refuses a hypothesis of no known kind, or an empty one.</summary>
    public static void Check(Hypothesis hypothesis)
    {
        if (!Kinds.Contains(hypothesis.Kind)) throw new ArgumentException($"a hypothesis is one of {string.Join(", ", Kinds)}, not '{hypothesis.Kind}'");
        if (string.IsNullOrWhiteSpace(hypothesis.Value) && (hypothesis.Words is null || hypothesis.Words.Count == 0))
            throw new ArgumentException(hypothesis.Kind == "words" ? "an empty word list" : $"an empty {hypothesis.Kind}");
    }

    /// <summary>The feature a hypothesis is scored as; null for free text (the embedding scorer reads it).</summary>
    public static IFeature? FeatureOf(Hypothesis hypothesis) => hypothesis.Kind switch
    {
        "words" => new WordSetFeature(hypothesis.Words ?? SplitWords(hypothesis.Value)),
        "regex" => new RegexFeature(hypothesis.Value),
        _ => null,
    };
}
