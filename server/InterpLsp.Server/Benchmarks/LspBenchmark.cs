using System.Diagnostics;
using InterpLsp.Lsp.InProcess;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Model;
using InterpLsp.Model.Benchmarks;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Server.Benchmarks;

public sealed record LatencyFigures(double P50, double P95, int Samples);
public sealed record LspBenchmarkReport(LatencyFigures EditLatencyMs, LatencyFigures EditVisibleExactMs, LatencyFigures EditFinalMs,
    LatencyFigures HoverLatencyMs, double ColdOpenMs, double RssAfter100EditsMb, double RssAfterAllEditsMb, double RssGrowthPct, int Edits,
    LatencyFigures? EditLatencyDuringExplainMs = null, ResidentBreakdown? After100Edits = null, ResidentBreakdown? AfterAllEdits = null);

/// <summary>
/// The language server measured as an editor uses it, in-process over a pipe pair with real framing:
/// a 2,000-word document, single-character edits at random places (time from didChange to the updated
/// interp/tokenActivations answer, debounce set to 0 so it is not counted; that answer may be provisional, so
/// the time until the visible lines' values are exact — the editor shows the <see cref="ViewportLines"/> lines around
/// the edit — and until the final, exact analysis's notification are reported beside it), hovers on a warm document,
/// a cold open, resident memory over many edits, and the edit latency while an explanation runs (interp.explain of
/// the direction on a corpus of 1,500 generated lines whose states are not stored yet, so its scan runs on the
/// inference queue step by step while the edits are made).
/// </summary>
public static class LspBenchmark
{
    /// <summary>Lines the editor shows, the edit in the middle (a laptop's editor at a normal font size).</summary>
    public const int ViewportLines = 40;

    public static async Task<LspBenchmarkReport> RunAsync(ILanguageModel model, string direction, int editSamples = 200,
        int memoryEdits = 10_000, int hoverSamples = 200, Func<double>? residentMegabytes = null)
    {
        residentMegabytes ??= () => Environment.WorkingSet / (1024.0 * 1024.0);
        await using var client = new InProcessLspClient(model);
        await client.InitializeAsync(new { debounceMs = 0 });
        var loaded = await client.CommandAsync(InterpProtocol.LoadDirection.Name, direction);
        var rpc = client.Rpc;
        // Per version: when its final (not provisional) analysis was announced, and when one first said the visible
        // lines' values were exact (a provisional one whose exact ranges cover them, or the final one).
        var finalAt = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        var visibleAt = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        var shownOf = new System.Collections.Concurrent.ConcurrentDictionary<int, (string Text, int Start, int End)>();
        long idleAt = 0;
        client.Notified += (method, p) =>
        {
            if (method == InterpProtocol.ActivationsChanged.Method)
            {
                long now = Stopwatch.GetTimestamp();
                int v = (int)p["version"]!;
                bool provisional = (bool?)p["provisional"] == true;
                if (!provisional) finalAt[v] = now;
                if (shownOf.TryGetValue(v, out var shown) && (!provisional || Covers(p["exact"], shown))) visibleAt.TryAdd(v, now);
            }
            if (method == InterpProtocol.ServerStatus.Method && (bool)p["quiescent"]!) Interlocked.Exchange(ref idleAt, Stopwatch.GetTimestamp());
        };

        var rng = new Random(42);
        const string uri = "file:///bench/doc.txt";
        var text = Words(rng, 2000);
        var sw = Stopwatch.StartNew();
        await Open(rpc, uri, text);
        await Activations(rpc, uri);
        double coldOpen = sw.Elapsed.TotalMilliseconds;

        // edit latency: to the first answer, to exact values on the visible lines, and to the final analysis
        int version = 1;
        var edits = new List<double>();
        var visibles = new List<double>();
        var finals = new List<double>();
        for (int i = 0; i < editSamples; i++)
        {
            (text, var change) = RandomEdit(rng, text);
            int line = (int)change["range"]!["start"]!["line"]!;
            var viewport = Lines(Math.Max(0, line - ViewportLines / 2), line + ViewportLines / 2);
            await Activations(rpc, uri, viewport); // the editor already shows where the user types
            shownOf[version + 1] = (text, OffsetOf(text, viewport["start"]!), OffsetOf(text, viewport["end"]!));
            long start = Stopwatch.GetTimestamp();
            sw.Restart();
            await Change(rpc, uri, ++version, change);
            var r = await Activations(rpc, uri, viewport);
            edits.Add(sw.Elapsed.TotalMilliseconds);
            if ((int)r["version"]! != version) throw new InvalidOperationException($"answer for version {r["version"]}, expected {version}");
            var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
            while (Interlocked.Read(ref idleAt) < start && Stopwatch.GetTimestamp() < deadline) await Task.Delay(1);
            if (finalAt.TryGetValue(version, out long at)) finals.Add((at - start) * 1000.0 / Stopwatch.Frequency);
            if (visibleAt.TryGetValue(version, out long seen)) visibles.Add((seen - start) * 1000.0 / Stopwatch.Frequency);
            shownOf.TryRemove(version, out _);
        }

        // hover latency on the warm document
        var hovers = new List<double>();
        var lines = text.Split('\n');
        for (int i = 0; i < hoverSamples; i++)
        {
            int line = rng.Next(lines.Length);
            var pos = new JObject { ["line"] = line, ["character"] = rng.Next(Math.Max(1, lines[line].Length)) };
            sw.Restart();
            await rpc.InvokeWithParameterObjectAsync<JToken>(LspMethods.Hover, new JObject { ["textDocument"] = new JObject { ["uri"] = uri }, ["position"] = pos });
            hovers.Add(sw.Elapsed.TotalMilliseconds);
        }

        // edit latency while an explanation (and the scan it needs first) runs on the inference queue
        var duringExplain = new List<double>();
        var corpusDir = Directory.CreateTempSubdirectory("interp-bench-explain-").FullName;
        try
        {
            var corpus = Path.Combine(corpusDir, "lines.jsonl");
            // a line of its own per run, so the corpus's states are never stored yet and its scan always runs
            File.WriteAllLines(corpus, Enumerable.Range(0, 1500).Select(i =>
                new JObject { ["id"] = $"b{i}", ["text"] = Words(rng, 12 + rng.Next(24)).Replace('\n', ' ') }.ToString(Newtonsoft.Json.Formatting.None))
                .Append(new JObject { ["id"] = "run", ["text"] = $"run {Guid.NewGuid():N}" }.ToString(Newtonsoft.Json.Formatting.None)));
            var explain = client.CommandAsync(InterpProtocol.Explain.Name, (string)loaded["direction"]!["id"]!, corpus);
            for (int i = 0; i < editSamples && !explain.IsCompleted; i++)
            {
                (text, var change) = RandomEdit(rng, text);
                sw.Restart();
                await Change(rpc, uri, ++version, change);
                await Activations(rpc, uri);
                duringExplain.Add(sw.Elapsed.TotalMilliseconds);
            }
            await explain;
        }
        finally { Directory.Delete(corpusDir, true); }

        // memory over many edits: sent in bursts (as typing arrives), each burst analysed; each edit replaces a
        // word by another single-token word, so the document keeps its size and growth would be the server's
        double rss100 = 0;
        ResidentBreakdown? where100 = null;
        const int burst = 50;
        for (int i = 0; i < memoryEdits; i++)
        {
            (text, var change) = ReplaceRandomWord(rng, text);
            await Change(rpc, uri, ++version, change);
            if ((i + 1) % burst == 0 || i + 1 == memoryEdits) await Activations(rpc, uri);
            if (i + 1 == 100)
            {
                GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
                rss100 = residentMegabytes();
                where100 = Timing.Breakdown();
            }
        }
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        double rssEnd = residentMegabytes();
        var whereEnd = Timing.Breakdown();

        await client.ShutdownAsync();
        return new LspBenchmarkReport(Figures(edits), Figures(visibles), Figures(finals), Figures(hovers), coldOpen, rss100, rssEnd,
            rss100 > 0 ? 100 * (rssEnd - rss100) / rss100 : 0, memoryEdits, duringExplain.Count > 0 ? Figures(duringExplain) : null, where100, whereEnd);
    }

    private static LatencyFigures Figures(List<double> ms)
    {
        var s = ms.OrderBy(x => x).ToArray();
        return new LatencyFigures(s[s.Length / 2], s[(int)Math.Min(s.Length - 1, Math.Ceiling(0.95 * s.Length) - 1)], s.Length);
    }

    /// <summary>About <paramref name="count"/> words of prose in lines of ~12 words and paragraphs of ~5 lines.</summary>
    public static string Words(Random rng, int count)
    {
        string[] vocab = ("the a warm cold kettle heat flows from body to one until they reach same temperature two gases mix in " +
            "box never separate own committee decided meeting went home water boiled quickly while ice melted slowly " +
            "river bridge city old new light dark morning evening children learned language quietly because rain fell").Split(' ');
        var sb = new System.Text.StringBuilder();
        for (int i = 1; i <= count; i++)
        {
            sb.Append(vocab[rng.Next(vocab.Length)]);
            if (i % 12 == 0) sb.Append(i % 60 == 0 ? ".\n\n" : ",\n");
            else sb.Append(' ');
        }
        return sb.ToString();
    }

    private static readonly string[] SingleTokenWords = { "the", "warm", "cold", "heat", "water", "river", "city", "light", "dark", "rain", "home", "box" };

    /// <summary>Replaces a random word by another single-token word: the token count stays the same.</summary>
    public static (string Text, JObject Change) ReplaceRandomWord(Random rng, string text)
    {
        int at;
        do at = rng.Next(text.Length); while (!char.IsLetter(text[at]));
        int start = at, end = at;
        while (start > 0 && char.IsLetter(text[start - 1])) start--;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        var word = SingleTokenWords[rng.Next(SingleTokenWords.Length)];
        return (text[..start] + word + text[end..], Change(text, start, end, word));
    }

    /// <summary>An LSP content change replacing [start, end) of <paramref name="text"/> (single-line span).</summary>
    public static JObject Change(string text, int start, int end, string replacement)
    {
        int line = 0, lineStart = 0;
        for (int i = 0; i < start; i++) if (text[i] == '\n') { line++; lineStart = i + 1; }
        var range = new JObject
        {
            ["start"] = new JObject { ["line"] = line, ["character"] = start - lineStart },
            ["end"] = new JObject { ["line"] = line, ["character"] = end - lineStart },
        };
        return new JObject { ["range"] = range, ["text"] = replacement };
    }

    private static (string Text, JObject Change) RandomEdit(Random rng, string text)
    {
        int at = rng.Next(text.Length);
        bool delete = rng.Next(3) == 0 && text[at] is not ('\n' or '\r');
        string ins = delete ? "" : ((char)('a' + rng.Next(26))).ToString();
        int end = delete ? at + 1 : at;
        return (text[..at] + ins + text[end..], Change(text, at, end, ins));
    }

    private static Task Open(StreamJsonRpc.JsonRpc rpc, string uri, string text) => rpc.NotifyWithParameterObjectAsync(LspMethods.DidOpen,
        new JObject { ["textDocument"] = new JObject { ["uri"] = uri, ["languageId"] = "plaintext", ["version"] = 1, ["text"] = text } });

    private static Task Change(StreamJsonRpc.JsonRpc rpc, string uri, int version, JObject change) => rpc.NotifyWithParameterObjectAsync(LspMethods.DidChange,
        new JObject { ["textDocument"] = new JObject { ["uri"] = uri, ["version"] = version }, ["contentChanges"] = new JArray(change) });

    private static Task<JObject> Activations(StreamJsonRpc.JsonRpc rpc, string uri, JObject? range = null) =>
        rpc.InvokeWithParameterObjectAsync<JObject>(InterpProtocol.TokenActivations.Method,
            new JObject { ["textDocument"] = new JObject { ["uri"] = uri }, ["range"] = range ?? Lines(0, 60) });

    /// <summary>The range of lines [first, last).</summary>
    private static JObject Lines(int first, int last) => new()
    {
        ["start"] = new JObject { ["line"] = first, ["character"] = 0 },
        ["end"] = new JObject { ["line"] = last, ["character"] = 0 },
    };

    /// <summary>The offset of an LSP position in <paramref name="text"/> (lines end with \n; past the end: the end).</summary>
    private static int OffsetOf(string text, JToken position)
    {
        int line = (int)position["line"]!, i = 0;
        for (int l = 0; l < line && i < text.Length; l++)
        {
            int nl = text.IndexOf('\n', i);
            i = nl < 0 ? text.Length : nl + 1;
        }
        return Math.Min(text.Length, i + (int)position["character"]!);
    }

    /// <summary>Whether one of the exact ranges covers the non-blank text of the shown span.</summary>
    private static bool Covers(JToken? exact, (string Text, int Start, int End) shown)
    {
        if (exact is not JArray ranges) return false;
        int s = shown.Start, e = shown.End;
        while (s < e && char.IsWhiteSpace(shown.Text[s])) s++;
        while (e > s && char.IsWhiteSpace(shown.Text[e - 1])) e--;
        return ranges.Any(r => OffsetOf(shown.Text, r["start"]!) <= s && OffsetOf(shown.Text, r["end"]!) >= e);
    }
}
