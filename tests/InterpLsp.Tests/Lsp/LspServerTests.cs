using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Tests.Lsp;

/// <summary>The language server in-process over a real JSON-RPC pipe pair, with the real model.</summary>
[Collection(ModelCollection.Name)]
public class LspServerTests(ModelFixture fx)
{
    private const string Uri = "file:///tmp/doc.txt";
    private static string SamplePath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        return Path.Combine(new[] { dir!.FullName }.Concat(parts).ToArray());
    }

    private static string Root => new System.Uri(SamplePath()).AbsoluteUri;
    private static readonly object Settings = new { directions = new[] { "samples/directions/temperature.json" }, debounceMs = 0 };

    /// <summary>UTF-16 offset of an LSP position in <paramref name="text"/>, computed independently of the server.</summary>
    private static int Offset(string text, JToken pos)
    {
        int line = (int)pos["line"]!, ch = (int)pos["character"]!, i = 0;
        for (int l = 0; l < line; l++)
        {
            while (i < text.Length && text[i] is not ('\n' or '\r')) i++;
            if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            i++;
        }
        return i + ch;
    }

    private static (int Line, int Char) PositionOf(string text, int offset)
    {
        int line = 0, start = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (text[i] is '\n' or '\r') { line++; start = i + 1; }
        }
        return (line, offset - start);
    }

    private async Task<LspTestClient> Started(string text, object? settings = null)
    {
        var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(settings ?? Settings, rootUri: Root);
        await c.OpenAsync(Uri, text);
        await c.WaitForAsync("interp/activationsChanged");
        // the start directions load in the background: wait (with a generous bound, not a fixed number of tries)
        // until the sample direction is active
        await Poll.UntilAsync(() => c.RequestAsync<JObject>("interp/listDirections", null), l => l["active"]?.Type is not (null or JTokenType.Null));
        return c;
    }

    [Fact]
    public async Task Initialize_advertises_what_is_implemented_and_requests_before_it_are_refused()
    {
        await using var c = new LspTestClient(fx.Model);
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.RequestAsync<JObject>("interp/listDirections", null));
        Assert.Equal(-32002, e.ErrorCode);
        var init = await c.InitializeAsync(encodings: new[] { "utf-8", "utf-16" });
        var caps = init["capabilities"]!;
        Assert.Equal("utf-16", (string)caps["positionEncoding"]!);
        Assert.Equal(2, (int)caps["textDocumentSync"]!["change"]!);
        Assert.True((bool)caps["hoverProvider"]!);
        Assert.Contains("interp.loadDirection", caps["executeCommandProvider"]!["commands"]!.Select(x => (string)x!));
        Assert.Equal(new[] { "activationPositive", "activationNegative" }, caps["semanticTokensProvider"]!["legend"]!["tokenTypes"]!.Select(x => (string)x!));
        var unknown = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => c.RequestAsync<JObject>("interp/nope", null));
        Assert.Equal(-32601, (int)unknown.ErrorCode);
        await c.RequestAsync<JToken>("shutdown", null);
        await c.Rpc.NotifyAsync("exit");
        Assert.Equal(0, await c.Server.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Exit_without_shutdown_gives_1_and_closed_input_ends_the_server()
    {
        var c = new LspTestClient(fx.Model);
        await c.InitializeAsync();
        await c.Rpc.NotifyAsync("exit");
        Assert.Equal(1, await c.Server.WaitAsync(TimeSpan.FromSeconds(5)));
        await c.DisposeAsync();

        var d = new LspTestClient(fx.Model);
        await d.InitializeAsync();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await d.DisposeAsync(); // closes the server's input
        // How soon the in-process server ends depends on the machine's load (the thread pool runs its shutdown), so
        // no wall-clock threshold here: it must end, not hang (RawStdioTests bounds the real process's exit).
        var ended = await Task.WhenAny(d.Server, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(ended == d.Server, $"server still running {sw.ElapsedMilliseconds} ms after its input closed");
    }

    [Fact]
    public async Task Activations_equal_the_cli_values_for_the_same_text()
    {
        var text = File.ReadAllText(SamplePath("samples", "heat-and-disorder.txt"));
        await using var c = await Started(text);
        var result = await c.TokenActivationsAsync(Uri);
        Assert.Equal("blocks.3.hook_resid_post", (string)result["hook"]!);
        var direction = DirectionSpecParser.Load(SamplePath("samples", "directions", "temperature.json"), h => fx.Model.GetHook(h).Width, null);
        var cli = Engines.Activations(fx.Model, text, direction);
        var tokens = (JArray)result["tokens"]!;
        Assert.Equal(cli.Count, tokens.Count);
        for (int i = 0; i < cli.Count; i++)
        {
            var t = tokens[i];
            Assert.Equal(cli[i].Start, Offset(text, t["range"]!["start"]!));
            Assert.Equal(cli[i].End, Offset(text, t["range"]!["end"]!));
            Assert.Equal(cli[i].Text, (string)t["text"]!);
            Assert.Equal(cli[i].Value, (float)t["values"]![0]!, 1e-4);
        }
        var scale = result["directions"]![0]!["scale"]!;
        Assert.True((float)scale["p99"]! <= (float)scale["max"]! && (float)scale["p01"]! <= (float)scale["p50"]!);
    }

    [Fact]
    public async Task Random_incremental_edits_keep_the_server_text_equal_to_the_client_text()
    {
        var rng = new Random(11);
        string text = "The kettle was warm 😀 and 東京 was cold.\r\nSecond line with 👩‍👩‍👧 family.\nThird line.";
        await using var c = await Started(text);
        string[] inserts = { "warm", " ", "😀", "東", "\n", "cold ", "é", "\r\n", "x" };
        int version = 1;
        for (int step = 0; step < 60; step++)
        {
            int a = rng.Next(text.Length + 1), b = Math.Min(text.Length, a + rng.Next(0, 4));
            // never cut a surrogate pair or a CRLF in half on the client side either
            while (a > 0 && a < text.Length && (char.IsLowSurrogate(text[a]) || (text[a] == '\n' && text[a - 1] == '\r'))) a--;
            while (b > a && b < text.Length && (char.IsLowSurrogate(text[b]) || (text[b] == '\n' && text[b - 1] == '\r'))) b++;
            var ins = inserts[rng.Next(inserts.Length)];
            var (l0, c0) = PositionOf(text, a);
            var (l1, c1) = PositionOf(text, b);
            text = text[..a] + ins + text[b..];
            await c.ChangeAsync(Uri, ++version, LspTestClient.Edit(l0, c0, l1, c1, ins));
        }
        var result = await c.TokenActivationsAsync(Uri);
        Assert.Equal(version, (int)result["version"]!);
        var expected = fx.Model.Tokenizer.Tokenize(text);
        var tokens = (JArray)result["tokens"]!;
        Assert.Equal(expected.Count, tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            int s = Offset(text, tokens[i]["range"]!["start"]!), e = Offset(text, tokens[i]["range"]!["end"]!);
            Assert.Equal((expected[i].Start, expected[i].End), (s, e));
            Assert.Equal(text[s..e], (string)tokens[i]["text"]!);
        }
    }

    [Fact]
    public async Task Utf8_position_encoding_is_negotiated_and_used()
    {
        await using var c = new LspTestClient(fx.Model);
        var init = await c.InitializeAsync(Settings, encodings: new[] { "utf-8" }, rootUri: Root);
        Assert.Equal("utf-8", (string)init["capabilities"]!["positionEncoding"]!);
        const string text = "😀 warm";
        await c.OpenAsync(Uri, text);
        var result = await c.TokenActivationsAsync(Uri);
        var warm = result["tokens"]!.Single(t => (string)t["text"]! == "warm");
        Assert.Equal(5, (int)warm["range"]!["start"]!["character"]!); // 4 UTF-8 bytes of the emoji + a space
        var hover = await c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 6 } });
        Assert.Contains("warm", (string)hover["contents"]!["value"]!);
    }

    [Fact]
    public async Task Hover_shows_the_token_and_its_value_and_semantic_tokens_mark_strong_tokens()
    {
        const string text = "The kettle was warm when she came back.";
        await using var c = await Started(text);
        var hover = await c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 16 } });
        var md = (string)hover["contents"]!["value"]!;
        var acts = await c.TokenActivationsAsync(Uri);
        var warm = acts["tokens"]!.Single(t => (string)t["text"]! == "warm");
        Assert.Contains("warm", md);
        Assert.Contains(((float)warm["values"]![0]!).ToString("G4", System.Globalization.CultureInfo.InvariantCulture), md);
        Assert.Contains("percentile", md);
        Assert.Contains("not computed yet · [explain it](command:interp.explain?", md); // no stored explanation: a link that computes one
        Assert.Equal(15, (int)hover["range"]!["start"]!["character"]!);

        var sem = await c.RequestAsync<JObject>("textDocument/semanticTokens/full", new { textDocument = new { uri = Uri } });
        var data = sem["data"]!.Select(x => (int)x!).ToArray();
        Assert.Equal(0, data.Length % 5);
        int line = 0, ch = 0;
        var marked = new Dictionary<int, (int Type, int Mods)>();
        for (int i = 0; i < data.Length; i += 5)
        {
            line += data[i];
            ch = data[i] == 0 ? ch + data[i + 1] : data[i + 1];
            marked[ch] = (data[i + 3], data[i + 4]);
        }
        Assert.True(marked.TryGetValue(15, out var w), "'warm' is not marked");
        Assert.Equal(0, w.Type); // activationPositive
        // the one paint rule: the level of "warm" from its value and the scale the server sent the client
        int level = InterpLsp.Interp.Activations.PaintRule.Level((float)warm["values"]![0]!, (float)acts["directions"]![0]!["scale"]!["paint"]!, 0.25);
        Assert.InRange(level, 1, 8);
        Assert.Equal(1 << (level - 1), w.Mods);
    }

    [Fact]
    public async Task Commands_switch_directions_and_hooks_and_report_progress()
    {
        const string text = "The kettle was warm. Two gases mixing in a box.";
        await using var c = await Started(text);
        var loaded = await c.RequestAsync<JObject>("workspace/executeCommand",
            new { command = "interp.loadDirection", arguments = new[] { "neuron:blocks.2.mlp.hook_post:7" }, workDoneToken = "tok-1" });
        Assert.Equal("neuron:blocks.2.mlp.hook_post:7", (string)loaded["direction"]!["id"]!);
        Assert.True((bool)loaded["direction"]!["active"]!);
        Assert.Equal("blocks.2.mlp.hook_post", (string)loaded["hook"]!);
        var begin = await c.WaitForAsync("$/progress", p => (string)p["token"]! == "tok-1" && (string)p["value"]!["kind"]! == "begin");
        await c.WaitForAsync("$/progress", p => (string)p["token"]! == "tok-1" && (string)p["value"]!["kind"]! == "end");
        var acts = await c.TokenActivationsAsync(Uri);
        Assert.Equal("blocks.2.mlp.hook_post", (string)acts["hook"]!);
        var direction = DirectionSpecParser.Load("neuron:blocks.2.mlp.hook_post:7", h => fx.Model.GetHook(h).Width, null);
        var cli = Engines.Activations(fx.Model, text, direction);
        Assert.Equal(cli[3].Value, (float)acts["tokens"]![3]!["values"]![0]!, 1e-4);

        var selected = await c.RequestAsync<JObject>("workspace/executeCommand",
            new { command = "interp.selectDirection", arguments = new[] { "samples/directions/temperature.json" } });
        Assert.Equal("blocks.3.hook_resid_post", (string)selected["hook"]!);
        Assert.Equal("blocks.3.hook_resid_post", (string)(await c.TokenActivationsAsync(Uri))["hook"]!);

        var hook = await c.RequestAsync<JObject>("workspace/executeCommand", new { command = "interp.selectHook", arguments = new[] { "blocks.2.mlp.hook_post" } });
        Assert.Equal("blocks.2.mlp.hook_post", (string)hook["hook"]!);
        var info = await c.RequestAsync<JObject>("workspace/executeCommand", new { command = "interp.modelInfo", arguments = Array.Empty<string>() });
        Assert.Equal(6, (int)info["layers"]!);
        Assert.Equal("embedded:all-MiniLM-L6-v2", (string)info["id"]!);
        Assert.Contains(info["hooks"]!, h => (string)h["name"]! == "blocks.2.mlp.hook_post");
    }

    [Fact]
    public async Task Bad_requests_get_clear_errors_and_the_server_keeps_serving()
    {
        const string text = "The kettle was warm.";
        await using var c = await Started(text);
        // StreamJsonRpc surfaces -32601 and -32602 as RemoteMethodNotFoundException, other codes as RemoteInvocationException.
        async Task<(int ErrorCode, string Message, object? ErrorData)> Fails(Func<Task> call)
        {
            var e = await Record.ExceptionAsync(call);
            return e switch
            {
                RemoteInvocationException r => (r.ErrorCode, r.Message, r.ErrorData),
                RemoteMethodNotFoundException m => ((int)m.ErrorCode, m.Message, null),
                _ => throw new Xunit.Sdk.XunitException($"expected an error reply, got {e?.GetType().Name}: {e?.Message}"),
            };
        }

        var e1 = await Fails(() => c.TokenActivationsAsync("file:///not/open.txt"));
        Assert.Equal(-32803, e1.ErrorCode);
        Assert.Contains("not open", e1.Message);
        var e2 = await Fails(() => c.RequestAsync<JObject>("workspace/executeCommand", new { command = "interp.loadDirection", arguments = new[] { "missing/nope.npy" } }));
        Assert.Contains("nope.npy", e2.Message);
        var e3 = await Fails(() => c.RequestAsync<JObject>("workspace/executeCommand", new { command = "interp.selectHook", arguments = new[] { "blocks.9.hook_resid_post" } }));
        Assert.Contains("unknown hook", e3.Message);
        var e4 = await Fails(() => c.RequestAsync<JObject>("workspace/executeCommand", new { command = "interp.selectDirection", arguments = new[] { 5 } }));
        Assert.Equal(-32602, e4.ErrorCode);
        var e5 = await Fails(() => c.RequestAsync<JObject>("workspace/executeCommand", new { command = "interp.nothing" }));
        Assert.Contains("unknown command", e5.Message);
        var e6 = await Fails(() => c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Uri }, position = "bad" }));
        Assert.Equal(-32602, e6.ErrorCode);
        Assert.True(e6.ErrorData is null || !e6.ErrorData.ToString()!.Contains("   at "), "stack trace leaked");
        var e7 = await Fails(() => c.TokenActivationsAsync(Uri, directions: new[] { "no-such-direction" }));
        Assert.Contains("no-such-direction", e7.Message);
        // a document over the size limit: a clear error, and the server still answers for the others
        await c.Rpc.NotifyWithParameterObjectAsync("workspace/didChangeConfiguration", new JObject { ["settings"] = new JObject { ["interp"] = new JObject { ["maxChars"] = 1000 } } });
        await c.OpenAsync("file:///tmp/big.txt", new string('a', 2000));
        var e8 = await Fails(() => c.TokenActivationsAsync("file:///tmp/big.txt"));
        Assert.Contains("limit", e8.Message);
        Assert.NotEmpty((await c.TokenActivationsAsync(Uri))["tokens"]!);
    }

    [Fact]
    public async Task A_start_direction_that_fails_is_reported_and_the_others_still_load()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { directions = new[] { "neuron:blocks.3.mlp.hook_post:99999", "samples/directions/temperature.json" } }, rootUri: Root);
        var shown = await c.WaitForAsync("window/showMessage");
        Assert.Contains("99999", (string)shown["message"]!);
        var list = await Poll.UntilAsync(() => c.RequestAsync<JObject>("interp/listDirections", null), l => l["active"]?.Type == JTokenType.String);
        Assert.Equal("samples/directions/temperature.json", (string)list["active"]!);
    }

    [Fact]
    public async Task An_sae_that_fails_its_load_check_is_shown_to_the_user_and_its_reading_is_described()
    {
        // A 384-wide SAE whose every feature has bias -1000: it never fires on the model's hidden states.
        using var dir = new InterpLsp.Tests.Directions.TempDir();
        var folder = Path.Combine(dir.Path, "dead_sae");
        Directory.CreateDirectory(folder);
        const int dIn = 384, dSae = 4;
        var rng = new Random(3);
        float[] Noise(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        InterpLsp.Interp.Directions.SafetensorsWriter.Write(Path.Combine(folder, "sae_weights.safetensors"),
            [new("W_enc", [dIn, dSae], Noise(dIn * dSae)), new("b_enc", [dSae], Enumerable.Repeat(-1000f, dSae).ToArray()),
             new("W_dec", [dSae, dIn], Noise(dSae * dIn)), new("b_dec", [dIn], new float[dIn])]);
        File.WriteAllText(Path.Combine(folder, "cfg.json"), new JObject
        {
            ["architecture"] = "standard", ["d_in"] = dIn, ["d_sae"] = dSae,
            ["metadata"] = new JObject
            {
                ["hook_name"] = "blocks.3.hook_resid_post", ["model_name"] = "all-MiniLM-L6-v2",
                ["model_from_pretrained_kwargs"] = new JObject { ["center_writing_weights"] = true },
            },
        }.ToString());
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: Root);
        await c.CommandAsync("interp.loadDirection", folder + "#feature[2]");
        var shown = await c.WaitForAsync("window/showMessage", m => ((string?)m["message"])?.Contains("SAE check") == true);
        Assert.Equal(2, (int)shown["type"]!);
        var message = (string)shown["message"]!;
        Assert.Contains("dead_sae#feature[2]", message);
        Assert.Contains("L0 0.0", message);
        Assert.Contains("FVU", message);
        Assert.Contains("(read as the centred residual)", message);
        var info = await c.RequestAsync<JObject>("workspace/executeCommand", new { command = "interp.directionInfo", arguments = new[] { folder + "#feature[2]" } });
        Assert.Equal("input: centered residual (center_writing_weights: h - mean(h) per token); units: Neuronpedia's (decoder norms folded into the encoder)",
            (string?)info["reading"]);
    }

    [Fact]
    public async Task After_an_edit_notifications_say_which_ranges_are_exact_and_the_visible_range_is_exact_before_the_final_one()
    {
        const string uri = "file:///tmp/visible.txt";
        var text = Texts.LongDocument(20_000, seed: 8);
        await using var c = await Started("start");
        await c.OpenAsync(uri, text);
        await c.WaitForAsync("interp/activationsChanged", p => (string)p["uri"]! == uri && (int)p["version"]! == 1);
        int at = text.IndexOf(" the ", 10_000, StringComparison.Ordinal);
        var (line, ch) = PositionOf(text, at);
        // the editor shows the edited line and its neighbours: the range asked for becomes the visible one
        var shown = LspTestClient.Edit(Math.Max(0, line - 1), 0, line + 2, 0, "")["range"] as JObject;
        await c.TokenActivationsAsync(uri, shown);

        await c.ChangeAsync(uri, 2, LspTestClient.Edit(line, ch, line, ch, " hot"));
        var edited = text[..at] + " hot" + text[at..];
        await c.WaitForAsync("interp/activationsChanged", p => (string)p["uri"]! == uri && (int)p["version"]! == 2 && p["provisional"]?.Type is null or JTokenType.Null);
        var forV2 = c.Notifications.Where(n => n.Method == "interp/activationsChanged" && (string)n.Params["uri"]! == uri && (int)n.Params["version"]! == 2)
            .Select(n => n.Params).ToList();
        var provisional = forV2.Where(p => (bool?)p["provisional"] == true).ToList();
        Assert.NotEmpty(provisional);
        Assert.All(provisional, p => Assert.Equal(JTokenType.Array, p["exact"]!.Type));
        int vs = Offset(edited, shown!["start"]!), ve = Offset(edited, shown["end"]!);
        bool Covers(JToken p) => p["exact"]!.Any(r => Offset(edited, r["start"]!) <= vs + 1 && Offset(edited, r["end"]!) >= ve - 2);
        // the visible lines became exact in a provisional notification, before the final one
        Assert.Contains(provisional, Covers);
        Assert.False(Covers(provisional[0]));
        var result = await c.TokenActivationsAsync(uri, shown);
        Assert.Equal(2, (int)result["version"]!);
    }

    [Fact]
    public async Task A_newer_version_cancels_older_work_and_requests_can_be_cancelled()
    {
        var text = Texts.LongDocument(40_000);
        await using var c = await Started("start");
        // many versions in a row: only the last must be answered, and far fewer analyses than versions run
        await c.OpenAsync("file:///tmp/long.txt", text);
        for (int v = 2; v <= 12; v++)
            await c.ChangeAsync("file:///tmp/long.txt", v, LspTestClient.Edit(0, 0, 0, 0, "x"));
        var result = await c.TokenActivationsAsync("file:///tmp/long.txt", LspTestClient.Edit(0, 0, 1, 0, "")["range"] as JObject);
        Assert.Equal(12, (int)result["version"]!);
        int analysed = c.Notifications.Count(n => n.Method == "interp/activationsChanged" && (string)n.Params["uri"]! == "file:///tmp/long.txt");
        Assert.True(analysed <= 3, $"{analysed} analyses for 12 versions");

        // a request cancelled by the client ($/cancelRequest) while a new document is analysed ends as cancelled
        await c.OpenAsync("file:///tmp/other.txt", Texts.LongDocument(40_000, seed: 99));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.TokenActivationsAsync("file:///tmp/other.txt", ct: cts.Token));
        Assert.Equal(1, (int)(await c.TokenActivationsAsync("file:///tmp/other.txt"))["version"]!);
    }
}
