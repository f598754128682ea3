using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using System.Globalization;
using System.Text;

namespace InterpLsp.Tests.Tokenization;

/// <summary>A test that runs only when the environment variable <see cref="Variable"/> names the file to write.</summary>
public sealed class GeneratorFactAttribute : FactAttribute
{
    public const string Variable = "INTERPLSP_GENERATE_CHAR_TABLE";

    public GeneratorFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"Generator: set {Variable}=<path of src/BertCharTable.Generated.cs> to run it.";
    }
}

/// <summary>
/// Writes <c>src/BertCharTable.Generated.cs</c> by asking Hugging Face's Rust library what it does with every code
/// point. Run it again if the oracle version changes:
/// <c>INTERPLSP_GENERATE_CHAR_TABLE=$PWD/server/InterpLsp.Model/Tokenization/BertCharTable.Generated.cs dotnet test tests/InterpLsp.Tests --filter CharTableGenerator</c>
/// (then rebuild, and run the whole suite: <see cref="ExhaustiveCodePointTests"/> checks the result).
/// </summary>
[Collection(CharVocabCollection.Name)]
public sealed class CharTableGenerator(CharVocabOracleFixture fixture)
{
    private const int X = 0x1D16D, Y = 0x1D165; // kept marks of class 226 and 216: "X Y" is reordered to "Y X"

    [GeneratorFact]
    public void Generate()
    {
        string path = Environment.GetEnvironmentVariable(GeneratorFactAttribute.Variable)!;
        var oracle = fixture.Oracle;
        var cps = Enumerable.Range(0, 0x110000).Where(c => c is < 0xD800 or > 0xDFFF).ToArray();

        // 1. Every code point alone: " a{c}b".
        var actions = new Dictionary<int, (CharAction Action, int Value, string? Expansion)>();
        var probes = Probe(oracle, cps, c => "a" + Str(c) + "b");
        for (int k = 0; k < cps.Length; k++)
        {
            int c = cps[k];
            var r = Classify(c, probes[k]);
            if (r.Action != CharAction.Keep) actions[c] = r;
        }

        // 2. Removed characters: do they end a run of combining marks? " a{X}{d}{Y}b".
        var dropped = actions.Where(a => a.Value.Action == CharAction.Drop).Select(a => a.Key).ToArray();
        var dropProbes = Probe(oracle, dropped, d => "a" + Str(X) + Str(d) + Str(Y) + "b");
        for (int k = 0; k < dropped.Length; k++)
        {
            var w = dropProbes[k];
            if (w.Count != 1) throw new InvalidOperationException($"U+{dropped[k]:X4}: {Describe(w)}");
            if (w[0] == "a" + Str(X) + Str(Y) + "b") actions[dropped[k]] = (CharAction.DropStarter, 0, null);
            else if (w[0] != "a" + Str(Y) + Str(X) + "b") throw new InvalidOperationException($"U+{dropped[k]:X4}: {Describe(w)}");
        }

        // 3. Canonical ordering of the marks that survive: which pairs " a{k1}{k2}b" come out swapped.
        var kept = new SortedSet<int>();
        foreach (int c in cps)
        {
            if (!actions.TryGetValue(c, out var a)) kept.Add(c);
            else if (a.Action == CharAction.MapKeep) kept.Add(c + a.Value);
            else if (a.Action == CharAction.Expand)
                foreach (var rune in a.Expansion!.EnumerateRunes()) kept.Add(rune.Value);
        }
        var marks = kept.Where(c => Rune.GetUnicodeCategory(new Rune(c)) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark).ToArray();
        var lower = marks.ToDictionary(m => m, _ => new HashSet<int>()); // k1 -> {k2 : "k1 k2" is swapped}
        foreach (int k1 in marks)
        {
            var pair = Probe(oracle, marks, k2 => "a" + Str(k1) + Str(k2) + "b");
            for (int j = 0; j < marks.Length; j++)
            {
                int k2 = marks[j];
                if (k2 == k1) continue;
                if (pair[j].Count == 1 && pair[j][0] == "a" + Str(k2) + Str(k1) + "b") lower[k1].Add(k2);
                else if (pair[j].Count != 1 || pair[j][0] != "a" + Str(k1) + Str(k2) + "b")
                    throw new InvalidOperationException($"U+{k1:X4} U+{k2:X4}: {Describe(pair[j])}");
            }
        }
        var reordering = new HashSet<int>(lower.Where(kv => kv.Value.Count > 0).SelectMany(kv => kv.Value.Append(kv.Key)));
        var rank = reordering.ToDictionary(m => m, m => lower[m].Count + 1);
        foreach (int k1 in reordering)
            foreach (int k2 in reordering)
                if (lower[k1].Contains(k2) != (rank[k1] > rank[k2]))
                    throw new InvalidOperationException($"Combining classes of U+{k1:X4}, U+{k2:X4} are not a total order.");
        if (rank.Values.Any(v => v > 255)) throw new InvalidOperationException("rank > 255");

        File.WriteAllText(path, Emit(actions, rank));
    }

    private static (CharAction Action, int Value, string? Expansion) Classify(int c, List<string> w)
    {
        string s = Str(c);
        if (w.Count == 1 && w[0] == "ab") return (CharAction.Drop, 0, null);
        if (w.Count == 2 && w[0] == "a" && w[1] == "b") return (CharAction.Space, 0, null);
        if (w.Count == 3 && w[0] == "a" && w[2] == "b" && IsOneScalar(w[1]))
        {
            int m = char.ConvertToUtf32(w[1], 0);
            return m == c ? (CharAction.Isolate, 0, null) : (CharAction.MapIsolate, m - c, null);
        }
        if (w.Count == 1 && w[0].Length > 2 && w[0][0] == 'a' && w[0][^1] == 'b')
        {
            string mid = w[0][1..^1];
            if (mid == s) return (CharAction.Keep, 0, null);
            if (IsOneScalar(mid)) return (CharAction.MapKeep, char.ConvertToUtf32(mid, 0) - c, null);
            if (c is >= 0xAC00 and <= 0xD7A3 && mid == Hangul(c)) return (CharAction.Hangul, 0, null);
            return (CharAction.Expand, 0, mid);
        }
        throw new InvalidOperationException($"U+{c:X4}: unexpected {Describe(w)}");
    }

    private static string Hangul(int c)
    {
        int s = c - 0xAC00;
        var sb = new StringBuilder().Append((char)(0x1100 + s / 588)).Append((char)(0x1161 + s % 588 / 28));
        if (s % 28 != 0) sb.Append((char)(0x11A7 + s % 28));
        return sb.ToString();
    }

    /// <summary>The oracle's words for " {probe(c)}" for each c, in batches. Each probe's first word starts with 'a'.</summary>
    internal static List<string>[] Probe(Oracle oracle, int[] items, Func<int, string> probe)
    {
        var result = new List<string>[items.Length];
        const int batch = 4096;
        for (int b = 0; b < items.Length; b += batch)
        {
            int n = Math.Min(batch, items.Length - b);
            var sb = new StringBuilder();
            for (int k = 0; k < n; k++) sb.Append(' ').Append(probe(items[b + k]));
            var words = CharVocab.Words(oracle.Vocab, oracle.Expected(sb.ToString()));
            int idx = -1;
            foreach (var w in words)
            {
                if (w.StartsWith('a')) result[b + ++idx] = [];
                result[b + idx].Add(w);
            }
            if (idx != n - 1) throw new InvalidOperationException($"Parsed {idx + 1} probes of {n}");
        }
        return result;
    }

    private static string Emit(Dictionary<int, (CharAction Action, int Value, string? Expansion)> actions, Dictionary<int, int> rank)
    {
        var expansions = new List<string>();
        var runs = new List<(int Start, int End, CharAction Action, int Value)>();
        foreach (int c in actions.Keys.Order())
        {
            var (action, value, expansion) = actions[c];
            if (action == CharAction.Expand)
            {
                value = expansions.IndexOf(expansion!);
                if (value < 0) { value = expansions.Count; expansions.Add(expansion!); }
            }
            if (runs.Count > 0 && runs[^1].End == c - 1 && runs[^1].Action == action && runs[^1].Value == value && action != CharAction.Expand)
                runs[^1] = runs[^1] with { End = c };
            else
                runs.Add((c, c, action, value));
        }

        var bytes = new List<byte>();
        int next = 0;
        foreach (var (start, end, action, value) in runs)
        {
            Varint(bytes, start - next);
            Varint(bytes, end - start);
            bytes.Add((byte)action);
            if (action is CharAction.MapKeep or CharAction.MapIsolate) Varint(bytes, (value << 1) ^ (value >> 31));
            else if (action == CharAction.Expand) Varint(bytes, value);
            next = end + 1;
        }
        string b64 = Convert.ToBase64String(bytes.ToArray());

        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated>");
        sb.AppendLine("// Generated by CharTableGenerator (tests/CharTableGenerator.cs) from Hugging Face tokenizers 0.22.2");
        sb.AppendLine("// (Tokenizers.DotNet 1.4.1), by probing every code point. Do not edit; regenerate with");
        sb.AppendLine("//   INTERPLSP_GENERATE_CHAR_TABLE=$PWD/server/InterpLsp.Model/Tokenization/BertCharTable.Generated.cs dotnet test tests/InterpLsp.Tests --filter CharTableGenerator");
        sb.AppendLine("// </auto-generated>");
        sb.AppendLine("namespace InterpLsp.Model.Tokenization;");
        sb.AppendLine();
        sb.AppendLine("internal static partial class BertCharTable");
        sb.AppendLine("{");
        sb.AppendLine($"    // {runs.Count} runs of code points that are not kept as they are: varint gap from the previous run, varint");
        sb.AppendLine("    // length - 1, CharAction byte, then for Map* a zigzag varint delta, for Expand a varint index into Expansions.");
        sb.AppendLine("    private const string RunData =");
        for (int i = 0; i < b64.Length; i += 100)
            sb.Append("        \"").Append(b64, i, Math.Min(100, b64.Length - i)).Append('"')
              .AppendLine(i + 100 < b64.Length ? " +" : ";");
        sb.AppendLine();
        sb.AppendLine("    internal static readonly string[] Expansions =");
        sb.AppendLine("    [");
        foreach (var e in expansions) sb.AppendLine($"        \"{Escape(e)}\",");
        sb.AppendLine("    ];");
        sb.AppendLine();
        sb.AppendLine("    // Marks that survive normalisation and that HF's NFD (Unicode 9.0) reorders, with their combining classes'");
        sb.AppendLine("    // rank among them.");
        var ordered = rank.OrderBy(kv => kv.Key).ToArray();
        sb.AppendLine("    private static readonly int[] CombiningRankCodePoints =");
        sb.AppendLine("    [");
        foreach (var chunk in ordered.Chunk(10)) sb.AppendLine("        " + string.Join(" ", chunk.Select(kv => $"0x{kv.Key:X4},")));
        sb.AppendLine("    ];");
        sb.AppendLine("    private static readonly byte[] CombiningRankValues =");
        sb.AppendLine("    [");
        foreach (var chunk in ordered.Chunk(20)) sb.AppendLine("        " + string.Join(" ", chunk.Select(kv => $"{kv.Value},")));
        sb.AppendLine("    ];");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static void Varint(List<byte> bytes, int v)
    {
        uint u = (uint)v;
        while (u >= 0x80) { bytes.Add((byte)(u | 0x80)); u >>= 7; }
        bytes.Add((byte)u);
    }

    private static string Escape(string s) => string.Concat(s.Select(ch => $"\\u{(int)ch:X4}"));
    private static string Str(int cp) => char.ConvertFromUtf32(cp);
    private static bool IsOneScalar(string s) => s.Length == 1 && !char.IsSurrogate(s[0]) || s.Length == 2 && char.IsSurrogatePair(s, 0);
    private static string Describe(List<string> words) => string.Join(" | ", words.Select(Oracle.Describe));
}
