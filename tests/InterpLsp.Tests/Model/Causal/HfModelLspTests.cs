using InterpLsp.Analysis.Engine;
using InterpLsp.Lsp.InProcess;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>The language server switching to a Hugging Face model: listed by interp/listModels (configured folders),
/// selected by interp/selectModel (the hook moves to one the model has, the documents repaint), entropy as a
/// direction, a direction of another model refused by name, and back to the embedded model.</summary>
[Collection(ModelCollection.Name)]
public sealed class HfModelLspTests(ModelFixture fx) : IDisposable
{
    private const string Uri = "file:///tmp/hf-doc.txt";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-hflsp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Select_a_folder_model_paint_entropy_and_switch_back()
    {
        var folders = Path.Combine(_dir, "models");
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(folders, "tiny-gpt2"));
        await using var c = new InProcessLspClient(new ModelRegistry().AddEmbedded(() => fx.Model));
        await c.InitializeAsync(new { debounceMs = 0, modelFolders = new[] { folders } });
        await c.OpenAsync(Uri, "The water in the kettle was warmer than the air.");
        await c.WaitForAsync("interp/activationsChanged");

        var list = await c.CommandAsync("interp.listModels");
        var models = list["models"]!.Select(m => (string)m["name"]!).ToList();
        Assert.Contains("all-MiniLM-L6-v2", models);
        var tiny = list["models"]!.Single(m => (string)m["name"]! == "tiny-gpt2");
        Assert.Equal("folder", (string)tiny["source"]!);
        Assert.Equal("GPT2LMHeadModel", (string)tiny["architecture"]!);

        var selected = await c.CommandAsync("interp.selectModel", (string)tiny["model"]!);
        Assert.Equal("hf:" + Path.GetFullPath(folder), (string)selected["model"]!);
        Assert.Equal("blocks.1.hook_resid_post", (string)selected["hook"]!); // the tiny model has 2 blocks: MiniLM's blocks.3 is not there
        await c.WaitForAsync("interp/activationsChanged");

        var loaded = await c.CommandAsync("interp.loadDirection", "entropy");
        Assert.Equal("next_token", (string)loaded["hook"]!);
        var acts = await Poll.UntilAsync(() => c.TokenActivationsAsync(Uri), a => (string)a["hook"]! == "next_token");
        var values = acts["tokens"]!.Select(t => (double)t["values"]![0]!).ToArray();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.InRange(v, 0, Math.Log(TinyTokenizer.Size) + 1e-4));

        var info = await c.CommandAsync("interp.modelInfo");
        Assert.Equal("GPT-2", (string)info["architecture"]!);

        var back = await c.CommandAsync("interp.selectModel", "embedded");
        Assert.Equal("embedded:all-MiniLM-L6-v2", (string)back["model"]!);
        Assert.Null(back["direction"]?.Type == JTokenType.Null ? null : back["direction"]); // entropy belongs to the other model
        var e = await Record.ExceptionAsync(() => c.CommandAsync("interp.selectModel", Path.Combine(_dir, "nowhere")));
        Assert.Contains("nowhere", e!.Message);
        Assert.NotEmpty((await c.TokenActivationsAsync(Uri))["tokens"]!);
    }

    [Fact]
    public async Task Hover_and_direction_view_show_the_logit_effects_of_a_residual_direction()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny"));
        var file = TinyTokenizer.TokenRowDirection(_dir, 'e');
        await using var c = new InProcessLspClient(new ModelRegistry().AddEmbedded(() => fx.Model));
        await c.InitializeAsync(new { debounceMs = 0, model = folder });
        await c.OpenAsync(Uri, "The water was warmer.");
        await Poll.UntilAsync(() => c.RequestAsync<JObject>("interp/modelInfo", new { }), i => (string)i["architecture"]! == "GPT-2");
        var loaded = await c.CommandAsync("interp.loadDirection", file);
        var id = (string)loaded["direction"]!["id"]!;
        var hover = await Poll.UntilAsync(
            () => c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 1 } }),
            h => h?["contents"]?["value"]?.ToString().Contains("Logit effects: promotes") == true);
        Assert.Contains("`e`", (string)hover["contents"]!["value"]!);
        var view = await c.CommandAsync("interp.directionView", id);
        Assert.Contains("<h2>Logit effects</h2>", (string)view["html"]!);
    }

    [Fact]
    public async Task Steering_streams_both_continuations_and_ends_with_them()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny"));
        var file = TinyTokenizer.TokenRowDirection(_dir, 'e');
        await using var c = new InProcessLspClient(new ModelRegistry().AddEmbedded(() => fx.Model));
        await c.InitializeAsync(new { debounceMs = 0 });
        await c.CommandAsync("interp.selectModel", folder);
        var id = (string)(await c.CommandAsync("interp.loadDirection", file))["direction"]!["id"]!;
        var result = await c.RequestAsync<JObject>("interp/steer", new { id, prompt = "The water", alpha = 200, tokens = 5, temperature = 0, seed = 0 });
        Assert.Equal("eeeee", (string)result["steered"]!);
        Assert.NotEqual("eeeee", (string)result["unsteered"]!);
        Assert.Equal("blocks.1.hook_resid_post", (string)result["hook"]!);
        // Notifications are not ordered with the reply: wait for the last one.
        await c.WaitForAsync("interp/steerText", p => (bool)p["done"]! && (string)p["steered"]! == "eeeee");
        var streamed = c.Notifications.Where(n => n.Method == "interp/steerText").Select(n => n.Params).ToList();
        Assert.True(streamed.Count >= 11, $"{streamed.Count} steerText notifications"); // one per token of each, and the last

        var e = await Record.ExceptionAsync(() => c.RequestAsync<JObject>("interp/steer", new { id, prompt = "x", alpha = 1, tokens = 100000 }));
        Assert.Contains("tokens must be", e!.Message);
    }
}
