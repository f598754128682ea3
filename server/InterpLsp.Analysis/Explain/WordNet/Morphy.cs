namespace InterpLsp.Analysis.Explain.WordNet;

/// <summary>
/// WordNet's morphological base forms (morphy), as WordNet's morph.c and NLTK's <c>_morphy</c> compute them for one
/// part of speech: the candidates are the word itself, then either its bases on that part of speech's exception
/// list (when the word is on it; the list then replaces the rules, as in both) or the word with each detachment
/// rule applied whose suffix it ends with, in the order below; a candidate is kept when the part of speech's
/// index has it, once, in candidate order. Rules (suffix -> ending): noun s->"", ses->s, xes->x, zes->z,
/// ches->ch, shes->sh, men->man, ies->y; verb s->"", ies->y, es->e, es->"", ed->e, ed->"", ing->e, ing->"";
/// adjective er->"", est->"", er->e, est->e; adverb none (morph.c's list; NLTK adds ves->f for nouns, which is
/// not used here). Multi-word forms are not split into words (morph.c's collocation search is not done).
/// </summary>
internal static class Morphy
{
    private static readonly (string Suffix, string Ending)[][] Rules =
    [
        [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")],
        [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        [],
    ];

    /// <summary>The base forms of <paramref name="form"/> (already normalised: lower case, '_' between words) on the
    /// part of speech <paramref name="pos"/> (0 noun, 1 verb, 2 adjective, 3 adverb).</summary>
    /// <param name="indexed">Whether the part of speech's index has a lemma.</param>
    /// <param name="exceptions">The part of speech's exception list: inflected form -> its bases.</param>
    public static List<string> BaseForms(string form, int pos, Func<string, bool> indexed, IReadOnlyDictionary<string, string[]> exceptions)
    {
        var result = new List<string>(2);
        void Keep(string candidate)
        {
            if (candidate.Length > 0 && indexed(candidate) && !result.Contains(candidate)) result.Add(candidate);
        }
        Keep(form);
        if (exceptions.TryGetValue(form, out var bases))
        {
            foreach (var b in bases) Keep(b);
            return result;
        }
        foreach (var (suffix, ending) in Rules[pos])
        {
            if (form.Length > suffix.Length && form.EndsWith(suffix, StringComparison.Ordinal))
                Keep(string.Concat(form.AsSpan(0, form.Length - suffix.Length), ending));
        }
        return result;
    }
}
