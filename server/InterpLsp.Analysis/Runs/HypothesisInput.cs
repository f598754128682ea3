using InterpLsp.Interp.Directions;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Runs;

/// <summary>A hypothesis as the user types it, the same for <c>interp-lsp test-explanation</c> and the LSP's
/// <c>interp.testExplanation</c>: its kind (one of <see cref="Hypothesis.Kinds"/>) and its text; a word list is
/// split on commas and white space (empty pieces dropped, order kept, repeats kept once). Nothing empty is
/// accepted.</summary>
public static class HypothesisInput
{
    private static readonly char[] WordSeparators = [',', ' ', '\t', '\n', '\r', ';'];

    /// <summary>The words of a comma- or space-separated list.</summary>
    public static IReadOnlyList<string> SplitWords(string list) =>
        list.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The hypothesis of <paramref name="kind"/> with text <paramref name="value"/>; an unknown kind or an
    /// empty value (for words: no word in it) is an <see cref="ArgumentException"/> naming the problem.</summary>
    public static Hypothesis Parse(string kind, string? value)
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
                _ = new InterpLsp.Analysis.Explain.Features.RegexFeature(v);
                return new Hypothesis("regex", v);
            case "text":
                if (string.IsNullOrWhiteSpace(v)) throw new ArgumentException("the hypothesis text is empty");
                return new Hypothesis("text", v.Trim());
            default:
                throw new ArgumentException($"unknown hypothesis kind '{Echo.Input(kind)}'; it is one of {string.Join(", ", Hypothesis.Kinds)}");
        }
    }
}
