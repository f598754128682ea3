using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Reports;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Tests.Reports;
using InterpLsp.Tests.Support;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

using static InterpLsp.Tests.Support.LspAssert;

namespace InterpLsp.Tests.Lsp;

/// <summary>Every action is a typed request (<c>interp/NAME</c> with a params object) whose command form
/// (<c>interp.NAME</c> with positional arguments) reaches the same endpoint: the two answer alike, a missing or
/// mistyped field is invalid params naming it, the params' work-done token drives progress as LSP's
/// <c>WorkDoneProgressParams</c> do; and <c>interp/explanationText</c> gives the server's one rendering.</summary>
[Collection(ModelCollection.Name)]
public class TypedRequestTests(ModelFixture fx)
{
    [Fact]
    public async Task A_request_and_its_command_answer_alike_and_bad_fields_are_invalid_params()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 });
        const string spec = "neuron:blocks.2.mlp.hook_post:7";
        var byRequest = await c.RequestAsync<JObject>("interp/loadDirection", new { spec, workDoneToken = "typed-1" });
        await c.WaitForAsync("$/progress", p => (string)p["token"]! == "typed-1" && (string)p["value"]!["kind"]! == "begin");
        await c.WaitForAsync("$/progress", p => (string)p["token"]! == "typed-1" && (string)p["value"]!["kind"]! == "end");
        Assert.Equal(spec, (string)byRequest["direction"]!["id"]!);
        var byCommand = await c.CommandAsync("interp.loadDirection", spec);
        Assert.True(JToken.DeepEquals(byRequest, byCommand), $"{byRequest}\n{byCommand}");

        var info = await c.RequestAsync<JObject>("interp/directionInfo", new { id = spec });
        Assert.True(JToken.DeepEquals(info, await c.CommandAsync("interp.directionInfo", spec)));
        Assert.Equal("neuron", (string)info["kind"]!);
        var model = await c.RequestAsync<JObject>("interp/modelInfo", null);
        Assert.Equal(6, (int)model["layers"]!);

        Assert.Contains("'id' is missing", (await InvalidParams(c.RequestAsync<JObject>("interp/directionInfo", new { }))).Message);
        Assert.Contains("no direction 'nope' is loaded", (await InvalidParams(c.RequestAsync<JObject>("interp/explain", new { id = "nope" }))).Message);
        Assert.Contains("'spec' is missing", (await InvalidParams(c.RequestAsync<JObject>("interp/loadDirection", new { spec = "" }))).Message);
        // a field of the wrong JSON type is refused before any handler runs
        await InvalidParams(c.RequestAsync<JObject>("interp/directionInfo", new { id = new { nested = 1 } }));
        Assert.Contains("'text' has 100001 characters",
            (await InvalidParams(c.RequestAsync<JObject>("interp/addExample", new { text = new string('x', 100_001), label = "positive" }))).Message);

        // still serving
        await c.OpenAsync("file:///tmp/typed.txt", "Still serving.");
        Assert.NotEmpty((JArray)(await c.TokenActivationsAsync("file:///tmp/typed.txt"))["tokens"]!);
    }

    [Fact]
    public async Task ExplanationText_is_the_servers_one_rendering_of_a_result_sent_back()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 });
        var r = ExplanationReportHtmlTests.Sample();
        var wire = JToken.Parse(JsonConvert.SerializeObject(r, LspJson.Settings));
        var text = await c.RequestAsync<JObject>("interp/explanationText", new JObject { ["explanation"] = wire });
        Assert.Equal(ExplanationText.Plain(r), (string)text["plain"]!);
        Assert.Equal(ExplanationText.Markdown(r), (string)text["markdown"]!);
        Assert.Equal(ExplanationText.Summary(r), (string)text["summary"]!);
        Assert.Contains("one of 'explanation' and 'hypothesis'", (await InvalidParams(c.RequestAsync<JObject>("interp/explanationText", new { }))).Message);
    }

    [Fact]
    public async Task The_direction_view_shows_a_tested_hypothesis_sent_back_and_refuses_another_directions()
    {
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 });
        const string spec = "neuron:blocks.2.mlp.hook_post:7";
        await c.RequestAsync<JObject>("interp/loadDirection", new { spec });
        var info = await c.RequestAsync<JObject>("interp/directionInfo", new { id = spec });
        var h = ExplanationTextTests.SmallHypothesis();
        h.DirectionHash = (string)info["hash"]!;
        h.Hypothesis = "<script>alert(1)</script>";
        var wire = JToken.Parse(JsonConvert.SerializeObject(h, LspJson.Settings));
        var view = await c.RequestAsync<JObject>("interp/directionView", new JObject { ["id"] = spec, ["hypothesis"] = wire });
        var html = (string)view["html"]!;
        Assert.Contains("<section class=\"hypothesis\" id=\"hypothesis\"><h2>Your hypothesis</h2>", html);
        Assert.Contains("<td class=\"n\">0.22 [0.10, 0.30]</td>", html); // the row's F1 with its interval
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        // without one, the same view as the command's
        Assert.DoesNotContain("id=\"hypothesis\"", (string)(await c.CommandAsync("interp.directionView", spec))["html"]!);
        h.DirectionHash = "another";
        wire = JToken.Parse(JsonConvert.SerializeObject(h, LspJson.Settings));
        Assert.Contains("tested on another direction",
            (await InvalidParams(c.RequestAsync<JObject>("interp/directionView", new JObject { ["id"] = spec, ["hypothesis"] = wire }))).Message);
    }
}
