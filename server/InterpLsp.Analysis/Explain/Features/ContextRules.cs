using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// The evaluation of each <see cref="ContextKind"/> over a table; the rules are stated on
/// <see cref="ContextFeature"/>. One pass over the tokens (and, for the rules about quotes, brackets and code,
/// one pass over each text's characters into a scratch array reused across texts); no allocation per token.
/// </summary>
internal static class ContextRules
{
    private const string PeriodChars = ".…";
    private const string SentenceEndChars = ".!?…";
    private const string QuoteChars = "\"'`“”‘’";
    private const string BracketChars = "()[]{}";
    private const string DashChars = "-–—";
    private static readonly HashSet<string> CodeOperators = new(StringComparer.Ordinal) { "=", "==", "!=", "<=", ">=", "=>", "->", ";", "{", "}" };
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CodeOperatorLookup = CodeOperators.GetAlternateLookup<ReadOnlySpan<char>>();

    public static FeatureValues Evaluate(ContextKind kind, TokenTable table) => kind switch
    {
        ContextKind.Position => Position(table),
        ContextKind.FirstToken => PerToken(table, static (tb, t) => tb.Position[t] == 0),
        ContextKind.SentenceStart => SentenceStart(table),
        ContextKind.LineStart => PerToken(table, static (tb, t) => IsLineStart(tb.DocTexts[tb.Doc[t]], tb.Start[t])),
        ContextKind.Capitalised => PerCore(table, static c => !c.IsEmpty && char.IsUpper(c[0])),
        ContextKind.AllCaps => PerCore(table, IsAllCaps),
        ContextKind.Digits => PerCore(table, HasDigit),
        ContextKind.PunctPeriod => PerCore(table, static c => TokenText.OnlyOf(c, PeriodChars)),
        ContextKind.PunctComma => PerCore(table, static c => TokenText.OnlyOf(c, ",")),
        ContextKind.PunctColon => PerCore(table, static c => TokenText.OnlyOf(c, ":;")),
        ContextKind.PunctQuote => PerCore(table, static c => TokenText.OnlyOf(c, QuoteChars)),
        ContextKind.PunctBracket => PerCore(table, static c => TokenText.OnlyOf(c, BracketChars)),
        ContextKind.PunctDash => PerCore(table, static c => TokenText.OnlyOf(c, DashChars)),
        ContextKind.PunctOther => PerCore(table, IsOtherPunct),
        ContextKind.InsideQuotes => PerCharMarks(table, MarkInsideQuotes),
        ContextKind.InsideBrackets => PerCharMarks(table, MarkInsideBrackets),
        ContextKind.AfterNegation => AfterNegation(table),
        ContextKind.SeenBefore => SeenBefore(table),
        ContextKind.WordPiece => PerToken(table, static (tb, t) => tb.WordFirstToken[t] != t),
        ContextKind.CodeLike => CodeLike(table),
        ContextKind.FunctionWord => PerWord(table, static w => EnglishWordLists.FunctionWords.Contains(w.Trim())),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such context feature"),
    };

    private static bool HasDigit(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (char.IsDigit(c)) return true;
        return false;
    }

    private static FeatureValues Position(TokenTable table)
    {
        var v = new float[table.Count];
        for (int t = 0; t < v.Length; t++) v[t] = table.Position[t];
        return FeatureValues.Real(v);
    }

    /// <summary>A rule on a token's core, read from its document's text (one contiguous string per text, so the
    /// pass reads memory in order rather than one string object per token).</summary>
    private delegate bool CoreRule(ReadOnlySpan<char> core);

    private static FeatureValues PerCore(TokenTable table, CoreRule holds)
    {
        var b = new HoldsBuilder(table.Count / 8);
        for (int d = 0; d < table.Documents; d++)
        {
            var text = table.DocTexts[d];
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++)
                if (holds(text.AsSpan(table.Start[t], table.End[t] - table.Start[t]).Trim())) b.Add(t);
        }
        return b.ToValues(table.Count);
    }

    private static FeatureValues PerToken(TokenTable table, Func<TokenTable, int, bool> holds)
    {
        var b = new HoldsBuilder(table.Count / 8);
        for (int t = 0; t < table.Count; t++) if (holds(table, t)) b.Add(t);
        return b.ToValues(table.Count);
    }

    /// <summary>A rule on the word string, computed once per distinct word and looked up per token.</summary>
    private static FeatureValues PerWord(TokenTable table, Func<string, bool> holds)
    {
        var flag = new bool[table.Words.Count];
        for (int w = 0; w < flag.Length; w++) flag[w] = holds(table.Words[w]);
        var b = new HoldsBuilder(table.Count / 8);
        for (int t = 0; t < table.Count; t++) if (flag[table.Word[t]]) b.Add(t);
        return b.ToValues(table.Count);
    }

    private static bool IsAllCaps(ReadOnlySpan<char> s)
    {
        int letters = 0;
        foreach (char c in s)
        {
            if (!char.IsLetter(c)) continue;
            if (!char.IsUpper(c)) return false;
            letters++;
        }
        return letters >= 2;
    }

    private static bool IsOtherPunct(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s) if (!char.IsPunctuation(c) && !char.IsSymbol(c)) return false;
        return !TokenText.OnlyOf(s, PeriodChars) && !TokenText.OnlyOf(s, ",") && !TokenText.OnlyOf(s, ":;")
            && !TokenText.OnlyOf(s, QuoteChars) && !TokenText.OnlyOf(s, BracketChars) && !TokenText.OnlyOf(s, DashChars);
    }

    private static bool IsLineStart(string text, int start)
    {
        for (int i = start - 1; i >= 0; i--)
        {
            char c = text[i];
            if (c == '\n') return true;
            if (!char.IsWhiteSpace(c)) return false;
        }
        return true;
    }

    private static FeatureValues SentenceStart(TokenTable table)
    {
        var b = new HoldsBuilder(table.Count / 8);
        for (int t = 0; t < table.Count; t++)
        {
            if (table.Position[t] == 0) { b.Add(t); continue; }
            var text = table.DocTexts[table.Doc[t]];
            if (TokenText.OnlyOf(text.AsSpan(table.Start[t - 1], table.End[t - 1] - table.Start[t - 1]).Trim(), SentenceEndChars)) { b.Add(t); continue; }
            if (HasBlankLine(text, table.End[t - 1], table.Start[t])) b.Add(t);
        }
        return b.ToValues(table.Count);
    }

    /// <summary>A newline, then only white space, then another newline, within [from, to).</summary>
    private static bool HasBlankLine(string text, int from, int to)
    {
        bool sawNewline = false;
        for (int i = from; i < to; i++)
        {
            char c = text[i];
            if (c == '\n') { if (sawNewline) return true; sawNewline = true; }
            else if (!char.IsWhiteSpace(c)) sawNewline = false;
        }
        return false;
    }

    /// <summary>
    /// Runs <paramref name="mark"/> over each text's characters into a scratch array (1 = the character counts),
    /// then holds on each token with a marked non-space character (or for which <paramref name="alsoHolds"/> is true).
    /// </summary>
    private static FeatureValues PerCharMarks(TokenTable table, Action<string, byte[]> mark, TokenTest? alsoHolds = null)
    {
        var b = new HoldsBuilder(table.Count / 8);
        var marks = Array.Empty<byte>();
        for (int d = 0; d < table.Documents; d++)
        {
            var text = table.DocTexts[d];
            if (marks.Length < text.Length) marks = new byte[Math.Max(text.Length, marks.Length * 2)];
            Array.Clear(marks, 0, text.Length);
            mark(text, marks);
            for (int t = table.DocFirst[d]; t < table.DocFirst[d + 1]; t++)
                if ((alsoHolds is not null && alsoHolds(text.AsSpan(table.Start[t], table.End[t] - table.Start[t])))
                    || AnyMarkedNonSpace(text, marks, table.Start[t], table.End[t])) b.Add(t);
        }
        return b.ToValues(table.Count);
    }

    /// <summary>A test of a token's text (its span in the document).</summary>
    private delegate bool TokenTest(ReadOnlySpan<char> token);

    private static bool AnyMarkedNonSpace(string text, byte[] marks, int start, int end)
    {
        for (int i = start; i < end; i++) if (marks[i] != 0 && !char.IsWhiteSpace(text[i])) return true;
        return false;
    }

    private static void MarkInsideQuotes(string text, byte[] marks)
    {
        bool open = false;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"': open = !open; break;
                case '“': open = true; break;
                case '”': open = false; break;
                default: if (open) marks[i] = 1; break;
            }
        }
    }

    private static void MarkInsideBrackets(string text, byte[] marks)
    {
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[': depth++; break;
                case ')' or ']': if (depth > 0) depth--; break;
                default: if (depth > 0) marks[i] = 1; break;
            }
        }
    }

    private static FeatureValues AfterNegation(TokenTable table)
    {
        var negations = EnglishWordLists.Negations.GetAlternateLookup<ReadOnlySpan<char>>();
        var negation = new bool[table.Words.Count];
        var counted = new bool[table.Words.Count];
        for (int w = 0; w < negation.Length; w++)
        {
            var s = table.Words[w].AsSpan().Trim();
            negation[w] = negations.Contains(s)
                || s.EndsWith("n't", StringComparison.Ordinal) || s.EndsWith("n’t", StringComparison.Ordinal);
            counted[w] = TokenText.HasLetterOrDigit(s);
        }
        var b = new HoldsBuilder(table.Count / 8);
        for (int d = 0; d < table.Documents; d++)
        {
            var text = table.DocTexts[d];
            int end = table.DocFirst[d + 1];
            int left = 0;
            for (int t = table.DocFirst[d]; t < end;)
            {
                int e = t + 1;
                while (e < end && table.WordFirstToken[e] == t) e++;
                int w = table.Word[t];
                if (counted[w] && left > 0) { b.AddRange(t, e); left--; }
                if (TokenText.OnlyOf(text.AsSpan(table.Start[t], table.End[t] - table.Start[t]).Trim(), ".!?")) left = 0;
                if (negation[w] || IsTAfterNApostrophe(text, table.Start[t], table.End[t])) left = 3;
                t = e;
            }
        }
        return b.ToValues(table.Count);
    }

    /// <summary>The token is <c>t</c> and the two characters before it are <c>n'</c> or <c>n’</c>.</summary>
    private static bool IsTAfterNApostrophe(string text, int start, int end) =>
        end == start + 1 && text[start] is 't' or 'T' && start >= 2 && text[start - 1] is '\'' or '’' && text[start - 2] is 'n' or 'N';

    private static FeatureValues SeenBefore(TokenTable table)
    {
        var lastDoc = new int[table.Words.Count];
        Array.Fill(lastDoc, -1);
        var counted = new bool[table.Words.Count];
        for (int w = 0; w < counted.Length; w++) counted[w] = TokenText.HasLetterOrDigit(table.Words[w]);
        var b = new HoldsBuilder(table.Count / 8);
        bool wordSeen = false;
        for (int t = 0; t < table.Count; t++)
        {
            int w = table.Word[t], d = table.Doc[t];
            if (table.WordFirstToken[t] == t)
            {
                wordSeen = counted[w] && lastDoc[w] == d;
                lastDoc[w] = d;
            }
            if (wordSeen) b.Add(t);
        }
        return b.ToValues(table.Count);
    }

    private static FeatureValues CodeLike(TokenTable table) =>
        PerCharMarks(table, MarkCodeChunksAndLines, token => CodeOperatorLookup.Contains(token.Trim()));

    /// <summary>Marks every character of a chunk (maximal run of non-white-space characters) with <c>_</c> or a
    /// lower-case letter directly before an upper-case one, and every character of a line whose last non-space
    /// character is <c>; { }</c>.</summary>
    private static void MarkCodeChunksAndLines(string text, byte[] marks)
    {
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            int e = i;
            bool code = false;
            while (e < text.Length && !char.IsWhiteSpace(text[e]))
            {
                char c = text[e];
                if (c == '_' || (char.IsLower(c) && e + 1 < text.Length && char.IsUpper(text[e + 1]))) code = true;
                e++;
            }
            if (code) Array.Fill(marks, (byte)1, i, e - i);
            i = e;
        }
        int lineStart = 0;
        for (int k = 0; k <= text.Length; k++)
        {
            if (k < text.Length && text[k] != '\n') continue;
            int last = k - 1;
            while (last >= lineStart && char.IsWhiteSpace(text[last])) last--;
            if (last >= lineStart && text[last] is ';' or '{' or '}') Array.Fill(marks, (byte)1, lineStart, k - lineStart);
            lineStart = k + 1;
        }
    }
}
