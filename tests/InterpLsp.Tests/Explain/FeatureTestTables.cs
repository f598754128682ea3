using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Features;

namespace InterpLsp.Tests.Explain;

/// <summary>Hand-built token tables for the feature tests, and a helper to read a set feature's holds.</summary>
internal static class FeatureTestTables
{
    public const string Said = "He said \"not warmer\" (twice).";
    public const string Dogs = "Dogs don't bark, said Al.\n\nIT_MAX = 42;\n  no cats — dogs! Dogs";

    /// <summary>
    /// Two texts with hand-chosen token ranges. Text "said" (table tokens 0-10):
    /// <code>
    ///  0 He [0,2)   1 said [3,7)   2 " [8,9)   3 not [9,12)   4 warm [13,17)   5 er [17,19)   (word "warmer")
    ///  6 " [19,20)  7 ( [21,22)    8 twice [22,27)   9 ) [27,28)   10 . [28,29)
    /// </code>
    /// Text "dogs" (table tokens 11-31; WordPiece-like: don ' t, IT _ MAX are separate words):
    /// <code>
    /// 11 Dogs [0,4)   12 don [5,8)   13 ' [8,9)   14 t [9,10)   15 bark [11,15)   16 , [15,16)   17 said [17,21)
    /// 18 Al [22,24)   19 . [24,25)   20 IT [27,29)   21 _ [29,30)   22 MAX [30,33)   23 = [34,35)   24 42 [36,38)
    /// 25 ; [38,39)    26 no [42,44)  27 cats [45,49) 28 — [50,51)   29 dogs [52,56)  30 ! [56,57)   31 Dogs [58,62)
    /// </code>
    /// </summary>
    public static TokenTable SaidAndDogs() => TokenTable.Build(new[]
    {
        ("said", Said,
            new[] { 0, 3, 8, 9, 13, 17, 19, 21, 22, 27, 28 },
            new[] { 2, 7, 9, 12, 17, 19, 20, 22, 27, 28, 29 }),
        ("dogs", Dogs,
            new[] { 0, 5, 8, 9, 11, 15, 17, 22, 24, 27, 29, 30, 34, 36, 38, 42, 45, 50, 52, 56, 58 },
            new[] { 4, 8, 9, 10, 15, 16, 21, 24, 25, 29, 30, 33, 35, 38, 39, 44, 49, 51, 56, 57, 62 }),
    });

    /// <summary>One text whose tokens are the given strings found one after another (each searched from the end
    /// of the one before), so the ranges are exact without counting characters by hand.</summary>
    public static TokenTable One(string text, params string[] tokens) => Many((text, tokens));

    public static TokenTable Many(params (string Text, string[] Tokens)[] docs)
    {
        var list = new List<(string, string, int[], int[])>();
        for (int d = 0; d < docs.Length; d++)
        {
            var (text, tokens) = docs[d];
            var starts = new int[tokens.Length];
            var ends = new int[tokens.Length];
            int at = 0;
            for (int i = 0; i < tokens.Length; i++)
            {
                int s = text.IndexOf(tokens[i], at, StringComparison.Ordinal);
                if (s < 0) throw new InvalidOperationException($"token '{tokens[i]}' not found after {at} in '{text}'");
                starts[i] = s; ends[i] = s + tokens[i].Length; at = ends[i];
            }
            list.Add(("doc" + d, text, starts, ends));
        }
        return TokenTable.Build(list);
    }

    public static int[] Holds(IFeature f, TokenTable table)
    {
        var v = f.Evaluate(table);
        Assert.True(v.IsSet, $"{f.Id} is a set feature");
        Assert.Equal(table.Count, v.Count);
        return v.Holds!;
    }
}
