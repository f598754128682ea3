using System.Diagnostics;
using InterpLsp.Lsp.InProcess;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Model;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Server.Benchmarks;

public sealed record LatencyFigures(double P50, double P95, int Samples);
public sealed record LspBenchmarkReport(LatencyFigures EditLatencyMs, LatencyFigures EditFinalMs, LatencyFigures HoverLatencyMs,
    double ColdOpenMs, double RssAfter100EditsMb, double RssAfterAllEditsMb, double RssGrowthPct, int Edits,
    LatencyFigures? EditLatencyDuringExplainMs = null);

/// <summary>
/// The language server measured as an editor uses it, in-process over a pipe pair with real framing:
/// a 2,000-word document, single-character edits at random places (time from didChange to the updated
/// interp/tokenActivations answer, debounce set to 0 so it is not counted; that answer may be provisional, so
/// the time until the final, exact analysis's notification is reported beside it), hovers on a warm document,
/// a cold open, resident memory over many edits, and the edit latency while an explanation runs (interp.explain of
/// the direction on a corpus of 1,500 generated lines whose states are not stored yet, so its scan runs on the
/// inference queue step by step while the edits are made).
/// </summary>
public static class LspBenchmark
{
    public static async Task<LspBenchmarkReport> RunAsync(ILanguageModel model, string direction, int editSamples = 200,
        int memoryEdits = 10_000, int hoverSamples = 200, Func<double>? residentMegabytes = null)
    {
        residentMegabytes ??= () => Environment.WorkingSet / (1024.0 * 1024.0);
        await using var client = new InProcessLspClient(model);
        await client.InitializeAsync(new { debounceMs = 0 });
        var loaded = await client.CommandAsync(InterpProtocol.LoadDirection.Name, direction);
        var rpc = client.Rpc;
        // The final (not provisional) analysis of each version: its activationsChanged arrives after the
        // provisional one's; the time to the last one for a version is the time to exact values.
        var finalAt = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        long idleAt = 0;
        client.Notified += (method, p) =>
        {
            if (method == InterpProtocol.ActivationsChanged.Method) finalAt[(int)p["version"]!] = Stopwatch.GetTimestamp();
            if (method == InterpProtocol.ServerStatus.Method && (bool)p["quiescent"]!) Interlocked.Exchange(ref idleAt, Stopwatch.GetTimestamp());
        };

        var rng = new Random(42);
        const string uri = "file:///bench/doc.txt";
        var text = Words(rng, 2000);
        var sw = Stopwatch.StartNew();
        await Open(rpc, uri, text);
        await Activations(rpc, uri);
        double coldOpen = sw.Elapsed.TotalMilliseconds;

        // edit latency: to the first answer, and to the final analysis (the quiescent status after it)
        int version = 1;
        var edits = new List<double>();
        var finals = new List<double>();
        for (int i = 0; i < editSamples; i++)
        {
            (text, var change) = RandomEdit(rng, text);
            long start = Stopwatch.GetTimestamp();
            sw.Restart();
            await Change(rpc, uri, ++version, change);
            var r = await Activations(rpc, uri);
            edits.Add(sw.Elapsed.TotalMilliseconds);
            if ((int)r["version"]! != version) throw new InvalidOperationException($"answer for version {r["version"]}, expected {version}");
            var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
            while (Interlocked.Read(ref idleAt) < start && Stopwatch.GetTimestamp() < deadline) await Task.Delay(1);
            if (finalAt.TryGetValue(version, out long at)) finals.Add((at - start) * 1000.0 / Stopwatch.Frequency);
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
            }
        }
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        double rssEnd = residentMegabytes();

        await client.ShutdownAsync();
        return new LspBenchmarkReport(Figures(edits), Figures(finals), Figures(hovers), coldOpen, rss100, rssEnd,
            rss100 > 0 ? 100 * (rssEnd - rss100) / rss100 : 0, memoryEdits, duringExplain.Count > 0 ? Figures(duringExplain) : null);
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

    private static Task<JObject> Activations(StreamJsonRpc.JsonRpc rpc, string uri) => rpc.InvokeWithParameterObjectAsync<JObject>(InterpProtocol.TokenActivations.Method,
        new JObject { ["textDocument"] = new JObject { ["uri"] = uri }, ["range"] = new JObject
        {
            ["start"] = new JObject { ["line"] = 0, ["character"] = 0 },
            ["end"] = new JObject { ["line"] = 60, ["character"] = 0 },
        } });
}
