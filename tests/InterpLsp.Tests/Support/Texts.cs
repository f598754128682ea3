using InterpLsp.Model.Verification;

namespace InterpLsp.Tests.Support;

public static class Texts
{
    /// <summary>A long prose document: the verification prose in paragraphs, repeated, about
    /// <paramref name="chars"/> characters.</summary>
    public static string LongDocument(int chars, int seed = 1)
    {
        var rng = new Random(seed);
        var sb = new System.Text.StringBuilder();
        var prose = VerificationTexts.Prose;
        while (sb.Length < chars)
        {
            int sentences = rng.Next(2, 7);
            for (int i = 0; i < sentences; i++) sb.Append(prose[rng.Next(prose.Length)]).Append(' ');
            sb.Append("\n\n");
        }
        return sb.ToString(0, chars);
    }
}
