using System.Diagnostics;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Tests.Lsp;

/// <summary>Hostile inputs through the language server: each gets a clear error in bounded time, and the server
/// still answers hover afterwards.</summary>
[Collection(ModelCollection.Name)]
public class LspHostileInputTests(ModelFixture fx) : IDisposable
{
    private const string Uri = "file:///tmp/hostile.txt";
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-hostile-lsp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Fifo()
    {
        var path = Path.Combine(_dir, "pipe.json");
        using var p = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    private string DevZeroLink()
    {
        var path = Path.Combine(_dir, "zero.json");
        File.CreateSymbolicLink(path, "/dev/zero");
        return path;
    }

    private string DeepNpy()
    {
        var path = Path.Combine(_dir, "deep.npy");
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + new string('[', 60_000) + "}";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange(new byte[] { 2, 0 });
        bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(header));
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    private async Task StillAnswersHover(LspTestClient c)
    {
        var hover = await c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 5 } });
        Assert.NotNull(hover);
        Assert.Contains("kettle", (string)hover["contents"]!["value"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_fifo_a_link_to_dev_zero_and_a_deeply_nested_npy_header_are_refused_quickly()
    {
        await using var c = new LspTestClient(fx.Model);
        // a hostile file among the start directions does not stop the server (nor the others loading)
        await c.InitializeAsync(new { debounceMs = 0, directions = new[] { DeepNpy(), "neuron:blocks.3.hook_resid_post:2" } });
        await c.OpenAsync(Uri, "The kettle was warm.");
        await c.WaitForAsync("window/showMessage", p => ((string)p["message"]!).Contains("deep.npy"));
        foreach (var path in new[] { Fifo(), DevZeroLink(), DeepNpy() })
        {
            var sw = Stopwatch.StartNew();
            var call = c.CommandAsync(InterpProtocol.LoadDirection.Name, path);
            var done = await Task.WhenAny(call, Task.Delay(20_000));
            Assert.True(done == call, $"{Path.GetFileName(path)}: no answer within 20 s");
            var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => call);
            Assert.Contains(Path.GetFileName(path), e.Message);
            Assert.DoesNotContain("\n", e.Message);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"{Path.GetFileName(path)} took {sw.Elapsed}");
            await StillAnswersHover(c);
        }
    }

    [Fact]
    public async Task Null_uris_and_positions_get_clear_errors()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0, directions = new[] { "neuron:blocks.3.hook_resid_post:2" } });
        await c.Rpc.NotifyWithParameterObjectAsync("textDocument/didOpen",
            new JObject { ["textDocument"] = new JObject { ["uri"] = null, ["languageId"] = "plaintext", ["version"] = 1, ["text"] = "x" } });
        await c.OpenAsync(Uri, "The kettle was warm.");
        var noPosition = await Record.ExceptionAsync(() => c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Uri }, position = (object?)null }));
        Assert.Contains("position", Assert.IsAssignableFrom<RemoteRpcException>(noPosition).Message);
        var noUri = await Record.ExceptionAsync(() => c.RequestAsync<JObject>("interp/tokenActivations", new { textDocument = new { uri = (string?)null } }));
        Assert.Contains("uri", Assert.IsAssignableFrom<RemoteRpcException>(noUri).Message);
        await StillAnswersHover(c);
    }

    [Fact]
    public async Task Bad_settings_are_each_reported_and_the_others_still_apply()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0, model = "gpt2", threshold = 7.0, hook = "blocks.9.hook_resid_post", directions = new[] { "neuron:blocks.3.hook_resid_post:2" } });
        var model = await c.WaitForAsync("window/showMessage", p => ((string)p["message"]!).Contains("gpt2"));
        Assert.Contains("embedded:all-MiniLM-L6-v2", (string)model["message"]!);
        await c.WaitForAsync("window/showMessage", p => ((string)p["message"]!).Contains("threshold 7"));
        await c.WaitForAsync("window/showMessage", p => ((string)p["message"]!).Contains("blocks.9.hook_resid_post"));
        await c.OpenAsync(Uri, "The kettle was warm.");
        var selection = await c.WaitForAsync("interp/selectionChanged", p => p["direction"]?.Type == JTokenType.Object);
        Assert.Equal("embedded:all-MiniLM-L6-v2", (string)selection["model"]!);
        Assert.Equal(0.25, (double)selection["threshold"]!, 1e-12);
        await StillAnswersHover(c);
        // garbage params for a request that takes none: an error, and the server keeps serving
        var garbage = await Record.ExceptionAsync(() => c.Rpc.InvokeAsync<JObject>("interp/listDirections", 1, 2));
        Assert.IsAssignableFrom<RemoteRpcException>(garbage);
        await StillAnswersHover(c);
    }
}
