using InterpLsp.Analysis.Explain.Evidence;

namespace InterpLsp.Analysis.Explain.Features;

/// <summary>
/// A compositional explanation in the style of Mu and Andreas (2020): set-valued candidates joined left to right
/// by <c>OR</c>, <c>AND</c> and <c>AND NOT</c>, e.g. <c>(words {heat} OR words {mix}) AND NOT context: first token</c>.
/// Id: <c>formula:</c> then the terms' ids separated by <c> OR </c>, <c> AND </c>, <c> AND NOT </c>.
/// </summary>
public sealed class FormulaFeature : IFeature
{
    public const string Prefix = "formula:";
    public enum Op { Or, And, AndNot }

    public FormulaFeature(IReadOnlyList<IFeature> terms, IReadOnlyList<Op> ops)
    {
        if (terms.Count < 2 || ops.Count != terms.Count - 1) throw new ArgumentException("a formula needs two or more terms and one operator between each two");
        Terms = terms; Ops = ops;
        var id = new System.Text.StringBuilder(Prefix).Append(terms[0].Id);
        var label = new System.Text.StringBuilder(terms[0].Label);
        for (int i = 0; i < ops.Count; i++)
        {
            id.Append(Word(ops[i])).Append(terms[i + 1].Id);
            label.Insert(0, i > 0 ? "(" : "").Append(i > 0 ? ")" : "");
            label.Append(Word(ops[i])).Append(terms[i + 1].Label);
        }
        Id = id.ToString();
        Label = label.ToString();
    }

    public IReadOnlyList<IFeature> Terms { get; }
    public IReadOnlyList<Op> Ops { get; }
    public string Id { get; }
    public string Label { get; }
    public string Family => "formula";

    public static string Word(Op op) => op switch { Op.Or => " OR ", Op.And => " AND ", _ => " AND NOT " };

    public FeatureValues Evaluate(TokenTable table)
    {
        var acc = Set(Terms[0].Evaluate(table));
        for (int i = 0; i < Ops.Count; i++) acc = Combine(acc, Set(Terms[i + 1].Evaluate(table)), Ops[i]);
        return FeatureValues.Set(table.Count, acc);
    }

    private static int[] Set(FeatureValues v) => v.Holds ?? throw new ArgumentException("a formula's terms must be sets");

    /// <summary>Combines two sorted index sets.</summary>
    public static int[] Combine(int[] a, int[] b, Op op)
    {
        var r = new List<int>(op == Op.Or ? a.Length + b.Length : a.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (j >= b.Length || (i < a.Length && a[i] < b[j])) { if (op != Op.And) r.Add(a[i]); i++; }
            else if (i >= a.Length || b[j] < a[i]) { if (op == Op.Or) r.Add(b[j]); j++; }
            else { if (op != Op.AndNot) r.Add(a[i]); i++; j++; }
        }
        return r.ToArray();
    }

    /// <summary>Parses a formula id, its terms by <paramref name="parseTerm"/>.</summary>
    public static FormulaFeature? TryParse(string id, Func<string, IFeature> parseTerm)
    {
        if (!id.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = id[Prefix.Length..];
        var terms = new List<IFeature>();
        var ops = new List<Op>();
        while (true)
        {
            int best = -1; Op bestOp = Op.Or; int len = 0;
            foreach (var op in new[] { Op.AndNot, Op.And, Op.Or })
            {
                int k = rest.IndexOf(Word(op), StringComparison.Ordinal);
                if (k >= 0 && (best < 0 || k < best || (k == best && Word(op).Length > len))) { best = k; bestOp = op; len = Word(op).Length; }
            }
            if (best < 0) { terms.Add(parseTerm(rest)); break; }
            terms.Add(parseTerm(rest[..best]));
            ops.Add(bestOp);
            rest = rest[(best + len)..];
        }
        return new FormulaFeature(terms, ops);
    }
}
