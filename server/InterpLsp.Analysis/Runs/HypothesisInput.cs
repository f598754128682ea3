using InterpLsp.Analysis.Explain.Families;
using InterpLsp.Analysis.Explain.Results;

namespace InterpLsp.Analysis.Runs;

/// <summary>A hypothesis as the user types it, the same for <c>interp-lsp test-explanation</c> and the LSP's
/// <c>interp.testExplanation</c>: its kind (one of <see cref="Hypothesis.Kinds"/>) and its text, read as the user
/// hypotheses' family says (<see cref="UserHypothesesFamily.Read"/>): a word list is split on commas and white space
/// (empty pieces dropped, order kept, repeats kept once). Nothing empty is accepted.</summary>
public static class HypothesisInput
{
    /// <summary>The words of a comma- or space-separated list.</summary>
    public static IReadOnlyList<string> SplitWords(string list) => UserHypothesesFamily.SplitWords(list);

    /// <summary>The hypothesis of <paramref name="kind"/> with text <paramref name="value"/>; an unknown kind or an
    /// empty value (for words: no word in it) is an <see cref="ArgumentException"/> naming the problem.</summary>
    public static Hypothesis Parse(string kind, string? value) => UserHypothesesFamily.Read(kind, value);
}
