using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace InterpLsp.Tests.Neovim;

/// <summary>
/// Neovim's built-in LSP client (an implementation the project does not control) drives the real
/// <c>interp-lsp</c> executable over stdio: initialize with a direction in initializationOptions, didOpen,
/// interp/tokenActivations, textDocument/hover and textDocument/semanticTokens/full. The client side is
/// <c>neovim_client.lua</c> (Neovim 0.7 API), which writes every answer to a JSON file checked here.
/// Needs <c>nvim</c> on PATH (Debian package <c>neovim</c>); fails, not skips, without it.
/// </summary>
public class NeovimClientTests(ITestOutputHelper output)
{
    private const string Hook = "blocks.3.hook_resid_post";
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public void Neovim_gets_activations_hover_and_semantic_tokens_from_the_real_server()
    {
        string nvim = FindOnPath("nvim") ?? throw new Xunit.Sdk.XunitException(
            "nvim is not on PATH. This test drives the server from Neovim's built-in LSP client; install it with " +
            "`apt-get install -y neovim` (Debian 12: Neovim 0.7.2) — setup.sh is expected to do so.");

        var work = Directory.CreateTempSubdirectory("interp-nvim-");
        try
        {
            string repo = RepoRoot();
            string script = Path.Combine(repo, "tests", "InterpLsp.Tests", "Neovim", "neovim_client.lua");
            string fixture = Path.Combine(work.FullName, "heat-and-disorder.txt");
            string direction = Path.Combine(work.FullName, "temperature.json");
            string outJson = Path.Combine(work.FullName, "answers.json");
            string xdg = Path.Combine(work.FullName, "xdg");
            File.Copy(Path.Combine(repo, "samples", "heat-and-disorder.txt"), fixture);
            File.Copy(Path.Combine(repo, "samples", "directions", "temperature.json"), direction);
            Directory.CreateDirectory(xdg);
            // What Neovim sends in didOpen: the buffer's lines joined with "\n" (plus the final newline).
            string text = File.ReadAllText(fixture).Replace("\r\n", "\n", StringComparison.Ordinal);

            var serverCmd = new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"), "serve" };
            var psi = new ProcessStartInfo(nvim)
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                UseShellExecute = false, WorkingDirectory = work.FullName,
            };
            foreach (var a in new[] { "--headless", "-u", "NONE", "-n", "-i", "NONE", "-S", script }) psi.ArgumentList.Add(a);
            psi.Environment["INTERP_NVIM_SERVER_CMD"] = JsonConvert.SerializeObject(serverCmd);
            psi.Environment["INTERP_NVIM_FILE"] = fixture;
            psi.Environment["INTERP_NVIM_DIRECTION"] = direction;
            psi.Environment["INTERP_NVIM_OUT"] = outJson;
            psi.Environment["INTERP_NVIM_HOVER_WORD"] = "warm";
            psi.Environment["INTERP_NVIM_TIMEOUT_MS"] = "80000";
            // Keep Neovim's state, logs (lsp.log) and swap away from the user's home.
            foreach (var v in new[] { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" }) psi.Environment[v] = xdg;
            psi.Environment.Remove("INTERP_LSP_DEBUG");
            psi.Environment.Remove("NVIM_LISTEN_ADDRESS");

            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();   // nothing on stdin: Neovim must not read it as text
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            bool exited = p.WaitForExit(RunLimit);
            if (!exited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            sw.Stop();

            string Diagnostics() => $"\nnvim exit: {(exited ? p.ExitCode.ToString(CultureInfo.InvariantCulture) : "killed after " + RunLimit)}" +
                $"\nnvim stdout: {Tail(stdout.Result)}\nnvim stderr: {Tail(stderr.Result)}" +
                $"\nanswers: {(File.Exists(outJson) ? Tail(File.ReadAllText(outJson)) : "(none written)")}" +
                $"\nlsp.log: {LspLog(xdg)}";

            output.WriteLine($"nvim run: {sw.Elapsed.TotalSeconds:F1} s");
            Assert.True(exited, "Neovim did not finish within " + RunLimit + Diagnostics());
            Assert.True(File.Exists(outJson), "Neovim wrote no answers" + Diagnostics());
            var report = JObject.Parse(File.ReadAllText(outJson));
            Assert.True(report["ok"]?.Value<bool>() == true, $"the Neovim client failed: {report["error"]}" + Diagnostics());
            Assert.Equal(0, p.ExitCode);
            output.WriteLine($"Neovim {report["nvim_version"]}; steps: " + string.Join(", ",
                report["steps"]!.Select(s => $"{s["name"]} @{s["at_ms"]} ms")));

            // The capabilities Neovim received.
            var legend = report["server_capabilities"]!["semanticTokensProvider"]!["legend"]!;
            Assert.Equal(new[] { "activationPositive", "activationNegative" }, legend["tokenTypes"]!.Values<string>());

            var lines = text.Split('\n');
            int OffsetOf(JToken pos)
            {
                int line = (int)pos["line"]!, ch = (int)pos["character"]!;
                Assert.InRange(line, 0, lines.Length - 1);
                Assert.InRange(ch, 0, lines[line].Length);
                int offset = 0;
                for (int i = 0; i < line; i++) offset += lines[i].Length + 1;
                return offset + ch;
            }
            string TextAt(JToken range) => text[OffsetOf(range["start"]!)..OffsetOf(range["end"]!)];

            // interp/tokenActivations: version and hook, every token's text is the document's text at its range.
            var acts = report["tokenActivations"]!;
            Assert.Equal((int)report["buffer_version"]!, (int)acts["version"]!);
            Assert.Equal(Hook, (string)acts["hook"]!);
            var dir = Assert.Single(acts["directions"]!);
            Assert.Equal("temperature (logistic probe)", (string)dir["name"]!);
            Assert.All(acts["tokens"]!, t => Assert.Single(t["values"]!));
            var tokens = acts["tokens"]!.Select(t => (Range: t["range"]!, Text: (string)t["text"]!, Value: (float)t["values"]![0]!)).ToList();
            Assert.True(tokens.Count > 100, $"only {tokens.Count} tokens");
            int previousEnd = 0;
            foreach (var t in tokens)
            {
                Assert.Equal(t.Text, TextAt(t.Range));
                Assert.True(OffsetOf(t.Range["start"]!) >= previousEnd, $"token '{t.Text}' overlaps or is out of order");
                previousEnd = OffsetOf(t.Range["end"]!);
                Assert.True(float.IsFinite(t.Value));
            }
            var warm = tokens.First(t => t.Text == "warm");
            var the = tokens.First(t => t.Text == "The");
            output.WriteLine($"warm {warm.Value}, The {the.Value}");
            Assert.True(warm.Value > 0, $"'warm' should be positive on the temperature direction: {warm.Value}");
            Assert.True(warm.Value > the.Value, $"'warm' ({warm.Value}) should exceed 'The' ({the.Value})");

            // textDocument/hover on "warm": Markdown naming the token, with the value that tokenActivations gave.
            var hover = report["hover"]!;
            Assert.Equal(JTokenType.Object, hover.Type);
            Assert.Equal("markdown", (string)hover["contents"]!["kind"]!);
            string md = (string)hover["contents"]!["value"]!;
            output.WriteLine("hover: " + md);
            Assert.Contains("warm", md, StringComparison.Ordinal);
            Assert.Equal("warm", TextAt(hover["range"]!));
            Assert.True(JToken.DeepEquals(warm.Range, hover["range"]), $"hover range {hover["range"]} is not the token's {warm.Range}");
            var number = Regex.Match(md, @"\*\*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\*\*");
            Assert.True(number.Success, "no bold number in the hover: " + md);
            double shown = double.Parse(number.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(shown - warm.Value) <= 1e-3 * Math.Max(1, Math.Abs(warm.Value)), $"hover shows {shown}, tokenActivations {warm.Value}");

            // textDocument/semanticTokens/full: well-formed relative encoding, inside the document, types agree with the values.
            int[] data = report["semanticTokens"]!["data"]!.Values<int>().ToArray();
            Assert.NotEmpty(data);
            Assert.Equal(0, data.Length % 5);
            var byStart = tokens.ToDictionary(t => (Line: (int)t.Range["start"]!["line"]!, Char: (int)t.Range["start"]!["character"]!));
            int line = 0, ch = 0, positives = 0, negatives = 0;
            bool warmPositive = false;
            for (int i = 0; i < data.Length; i += 5)
            {
                int dl = data[i], dc = data[i + 1], len = data[i + 2], type = data[i + 3], mods = data[i + 4];
                Assert.True(dl >= 0 && (dl > 0 || i == 0 || dc > 0), $"semantic token {i / 5} does not move forward");
                line += dl;
                ch = dl == 0 ? ch + dc : dc;
                Assert.InRange(line, 0, lines.Length - 1);
                Assert.True(len > 0 && ch + len <= lines[line].Length, $"semantic token {i / 5} ({line}:{ch}+{len}) leaves line '{lines[line]}'");
                Assert.InRange(type, 0, 1);
                Assert.Contains(mods, new[] { 1, 2, 4, 8, 16, 32, 64, 128 }); // one modifier level1..level8
                Assert.True(byStart.TryGetValue((line, ch), out var tok), $"semantic token at {line}:{ch} is not a token of interp/tokenActivations");
                Assert.Equal(tok.Text.Length, len);
                Assert.Equal(tok.Value >= 0 ? 0 : 1, type);
                if (type == 0) positives++; else negatives++;
                if (tok.Text == "warm" && ReferenceEquals(tok.Range, warm.Range)) warmPositive = type == 0;
            }
            output.WriteLine($"semantic tokens: {data.Length / 5} ({positives} positive, {negatives} negative) of {tokens.Count}");
            Assert.True(warmPositive, "the first 'warm' is not marked activationPositive");
            Assert.True(positives > 0 && negatives > 0);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("InterpLsp.sln not found above " + AppContext.BaseDirectory);
    }

    private static string LspLog(string xdg)
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.Exists(xdg) ? Directory.GetFiles(xdg, "lsp.log", SearchOption.AllDirectories) : [])
            sb.Append(Tail(File.ReadAllText(f)));
        return sb.Length == 0 ? "(none)" : sb.ToString();
    }

    private static string Tail(string s, int max = 6000) => s.Length <= max ? s : "…" + s[^max..];
}
