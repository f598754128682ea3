using InterpLsp.Library;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using static InterpLsp.Tests.Library.LibraryTestData;

namespace InterpLsp.Tests.Library;

/// <summary>The language server with a workspace library: names resolve in the <c>interp.directions</c> setting
/// and <c>interp.loadDirection</c>, <c>interp/listDirections</c> lists the library, and a corrupt library is
/// reported while the server keeps serving.</summary>
[Collection(ModelCollection.Name)]
public class LibraryLspTests(ModelFixture fx)
{
    private const string Doc = "file:///tmp/library-doc.txt";

    /// <summary>The start directions load in the background: polls (with a generous bound, not a fixed number of
    /// tries) until <paramref name="id"/> is active; returns the last list either way.</summary>
    private static Task<JObject> WaitForActive(LspTestClient c, string id) =>
        Poll.UntilAsync(() => c.RequestAsync<JObject>("interp/listDirections", null), l => (string?)l["active"] == id);

    [Fact]
    public async Task Library_names_work_in_the_settings_and_load_command_and_are_listed()
    {
        using var tmp = new TempFolder();
        using (var lib = DirectionLibrary.Open(tmp.Interp))
        {
            lib.Put(Projection(11), "sentiment", MadeBy.Unknown);
            lib.Put(Probe(12), "formality", MadeBy.Unknown);
        }
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { directions = new[] { "sentiment" }, debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        var list = await WaitForActive(c, "library:sentiment");
        Assert.Equal("library:sentiment", (string?)list["active"]);
        Assert.Equal(Projection(11).Hash, (string)list["directions"]![0]!["hash"]!);
        var library = (JArray)list["library"]!;
        Assert.Equal(["sentiment", "formality"], library.Select(d => (string)d["name"]!));
        Assert.Equal("library:formality", (string)library[1]!["id"]!);
        Assert.Equal("probe", (string)library[1]!["kind"]!);
        Assert.True(list["libraryError"] is null || list["libraryError"]!.Type == JTokenType.Null);

        var selection = await c.CommandAsync("interp.loadDirection", "formality");
        Assert.Equal("library:formality", (string)selection["direction"]!["id"]!);
        await c.OpenAsync(Doc, "The weather is warm today.");
        var values = await c.TokenActivationsAsync(Doc);
        Assert.NotEmpty((JArray)values["tokens"]!);

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.loadDirection", "formalty"));
        Assert.Contains("similar names: formality", e.Message);
    }

    [Fact]
    public async Task A_corrupt_library_is_reported_left_alone_and_the_server_keeps_serving()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Interp);
        var db = Path.Combine(tmp.Interp, DirectionLibrary.DatabaseFileName);
        var garbage = new byte[4096];
        new Random(9).NextBytes(garbage);
        File.WriteAllBytes(db, garbage);
        await using var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 }, rootUri: new Uri(tmp.Path + "/").AbsoluteUri);
        var list = await c.RequestAsync<JObject>("interp/listDirections", null);
        var error = (string)list["libraryError"]!;
        Assert.Contains(db, error);
        Assert.Contains("not a SQLite database", error);

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync("interp.loadDirection", "sentiment"));
        Assert.Contains("could not be opened", e.Message);
        var selection = await c.CommandAsync("interp.loadDirection", "neuron:blocks.3.hook_resid_post:7");
        Assert.Equal("neuron:blocks.3.hook_resid_post:7", (string)selection["direction"]!["id"]!);
        await c.OpenAsync(Doc, "Still serving.");
        Assert.NotEmpty((JArray)(await c.TokenActivationsAsync(Doc))["tokens"]!);
        Assert.Equal(garbage, File.ReadAllBytes(db));
    }

    [Fact]
    public async Task The_first_workspace_folder_gives_the_library_when_there_is_no_root_uri()
    {
        using var tmp = new TempFolder();
        using (var lib = DirectionLibrary.Open(tmp.Interp)) lib.Put(Projection(13), "folder-direction", MadeBy.Unknown);
        await using var c = new LspTestClient(fx.Model);
        await c.Rpc.InvokeWithParameterObjectAsync<JObject>("initialize", new JObject
        {
            ["processId"] = null,
            ["rootUri"] = null,
            ["workspaceFolders"] = new JArray(new JObject { ["uri"] = new Uri(tmp.Path + "/").AbsoluteUri, ["name"] = "ws" }),
            ["capabilities"] = new JObject(),
        });
        await c.Rpc.NotifyWithParameterObjectAsync("initialized", new JObject());
        var list = await c.RequestAsync<JObject>("interp/listDirections", null);
        Assert.Equal("folder-direction", (string)((JArray)list["library"]!)[0]!["name"]!);
    }
}
