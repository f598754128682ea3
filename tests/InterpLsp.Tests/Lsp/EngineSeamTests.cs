using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace InterpLsp.Tests.Lsp;

/// <summary>The engine's seam through the language server: direction identity by content, model and width
/// checks, the selection rules, one notification per change, results tied to their text, background work.</summary>
[Collection(ModelCollection.Name)]
public class EngineSeamTests(ModelFixture fx) : IDisposable
{
    private const string Uri = "file:///tmp/seam.txt";
    private const string Text = "The kettle was warm when she came back, and the ice in the glass had melted.";
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-seam-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteDirection(string name, float[] v, string hook = "blocks.3.hook_resid_post", string? model = null)
    {
        var path = Path.Combine(_dir, name);
        var o = new JObject { ["name"] = name, ["hook"] = hook, ["vector"] = new JArray(v) };
        if (model is not null) o["model"] = model;
        File.WriteAllText(path, o.ToString());
        return path;
    }

    private static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
    }

    private async Task<LspTestClient> Started()
    {
        var c = new LspTestClient(fx.Model);
        await c.InitializeAsync(new { debounceMs = 0 });
        await c.OpenAsync(Uri, Text);
        return c;
    }

    private static float[] Values(JObject acts) => acts["tokens"]!.Select(t => (float)t["values"]![0]!).ToArray();

    [Fact]
    public async Task Reloading_a_direction_file_whose_vector_was_negated_negates_every_value_at_once()
    {
        await using var c = await Started();
        var v = Random(384, 1);
        var path = WriteDirection("d.json", v);
        var first = await c.CommandAsync(InterpProtocol.LoadDirection.Name, path);
        var before = Values(await c.TokenActivationsAsync(Uri));
        WriteDirection("d.json", v.Select(x => -x).ToArray());
        var second = await c.CommandAsync(InterpProtocol.LoadDirection.Name, path);
        Assert.Equal((string)first["direction"]!["id"]!, (string)second["direction"]!["id"]!);
        Assert.NotEqual((string)first["direction"]!["hash"]!, (string)second["direction"]!["hash"]!);
        var after = Values(await c.TokenActivationsAsync(Uri));
        Assert.Equal(before.Length, after.Length);
        Assert.True(before.Length > 10);
        for (int i = 0; i < before.Length; i++) Assert.Equal(-before[i], after[i], 1e-5);
    }

    [Fact]
    public async Task A_direction_for_another_model_or_width_is_refused_naming_both()
    {
        await using var c = await Started();
        var other = WriteDirection("gpt2.json", Random(384, 2), model: "gpt2");
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync(InterpProtocol.LoadDirection.Name, other));
        Assert.Contains("'gpt2'", e.Message);
        Assert.Contains(ModelRegistry.EmbeddedMiniLmId, e.Message);
        var wide = WriteDirection("wide.json", Random(768, 3));
        var e2 = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.CommandAsync(InterpProtocol.LoadDirection.Name, wide));
        // the JSON reader stops at the hook's width + 1 numbers (a file of 10^7 numbers is not read whole)
        Assert.Contains("more than 384", e2.Message);
        Assert.Contains("blocks.3.hook_resid_post", e2.Message);
        // the engine's own check, for directions made in code (probes, later): both widths and the model
        var engine = Engines.For(fx.Model);
        var m = Assert.Throws<DirectionMismatchException>(() =>
            engine.AddDirection(new Direction("w", "w", "blocks.3.hook_resid_post", Random(768, 4), DirectionKind.Projection), false));
        Assert.Contains("768", m.Message);
        Assert.Contains("384", m.Message);
        Assert.Contains(ModelRegistry.EmbeddedMiniLmId, m.Message);
        var m2 = Assert.Throws<DirectionMismatchException>(() =>
            engine.AddDirection(new Direction("x", "x", "blocks.3.hook_resid_post", Random(384, 5), DirectionKind.Projection) { ModelId = "hf:gpt2" }, false));
        Assert.Contains("hf:gpt2", m2.Message);
        Assert.Contains(ModelRegistry.EmbeddedMiniLmId, m2.Message);
        // the server still answers
        Assert.NotNull(await c.TokenActivationsAsync(Uri));
    }

    [Fact]
    public void The_selection_rules_live_in_the_engine()
    {
        using var engine = new InterpEngine(new ModelRegistry().AddEmbedded(() => fx.Model));
        var events = new List<EngineEvent>();
        engine.Events += events.Add;
        var a = engine.LoadDirection("neuron:blocks.3.hook_resid_post:1", null, makeActive: false);
        Assert.Equal(a.Id, engine.Selection.DirectionId); // rule 3: the first becomes active
        var b = engine.LoadDirection("neuron:blocks.1.mlp.hook_post:2", null, makeActive: false);
        Assert.Equal(a.Id, engine.Selection.DirectionId);
        Assert.Equal("blocks.1.mlp.hook_post", engine.SelectDirection(b.Id).Hook); // rule 1
        Assert.Equal(a.Id, engine.SelectHook("blocks.3.hook_resid_post").DirectionId); // rule 2: the first there
        Assert.Equal(a.Id, engine.SelectHook("blocks.5.hook_resid_post").DirectionId); // none there: it stays
        events.Clear();
        engine.SelectDirection(b.Id);
        Assert.Single(events.OfType<SelectionChanged>());
        Assert.Single(events.OfType<ActivationsChanged>(), e => e.Uri is null);
        events.Clear();
        engine.SelectDirection(b.Id); // no change: no event
        Assert.Empty(events);
        Assert.Throws<InterpLsp.Model.UnknownHookException>(() => engine.SelectHook("blocks.9.hook_resid_post"));
        Assert.Throws<UnknownModelException>(() => engine.SelectModel("gpt2"));
    }

    [Fact]
    public async Task A_selection_change_sends_one_selection_notification_and_one_activations_notification_per_document()
    {
        await using var c = await Started();
        await c.CommandAsync(InterpProtocol.LoadDirection.Name, "neuron:blocks.3.hook_resid_post:4");
        await c.CommandAsync(InterpProtocol.LoadDirection.Name, "neuron:blocks.3.hook_resid_post:5");
        await c.TokenActivationsAsync(Uri);
        await c.WaitQuiescentAsync();
        // The server sends notifications apart from its replies (they may arrive after them): count from after the
        // last load's own selection notification has arrived.
        await c.WaitForAsync(InterpProtocol.SelectionChanged.Method, p => p["direction"] is JObject d && (string?)d["id"] == "neuron:blocks.3.hook_resid_post:5");
        int changedBefore = c.Notifications.Count(n => n.Method == InterpProtocol.ActivationsChanged.Method);
        int selectionBefore = c.Notifications.Count(n => n.Method == InterpProtocol.SelectionChanged.Method);
        var sel = await c.CommandAsync(InterpProtocol.SelectDirection.Name, "neuron:blocks.3.hook_resid_post:4");
        Assert.Equal("neuron:blocks.3.hook_resid_post:4", (string)sel["direction"]!["id"]!);
        int Changed() => c.Notifications.Count(n => n.Method == InterpProtocol.ActivationsChanged.Method) - changedBefore;
        int Selections() => c.Notifications.Count(n => n.Method == InterpProtocol.SelectionChanged.Method) - selectionBefore;
        // Wait (with a generous bound) for the notifications instead of assuming they arrive within a fixed time;
        // then allow the same short time as before for an extra one to show up, and count exactly one of each.
        await Poll.UntilAsync(() => Changed() >= 1 && Selections() >= 1);
        await Task.Delay(300);
        Assert.Equal(1, Changed());
        Assert.Equal(1, Selections());
    }

    [Fact]
    public async Task Answers_follow_the_newest_text_even_when_versions_go_backwards_or_a_document_is_opened_twice()
    {
        await using var c = await Started();
        await c.CommandAsync(InterpProtocol.LoadDirection.Name, "neuron:blocks.3.hook_resid_post:4");
        await c.ChangeAsync(Uri, 5, LspTestClient.Edit(0, 0, 0, 3, "A"));
        var r5 = await c.TokenActivationsAsync(Uri);
        Assert.Equal("A", (string)r5["tokens"]![0]!["text"]!);
        for (int i = 0; i < 10; i++)
        {
            // a version lower than or equal to the current one: the text is applied, the answer is for it
            var word = i % 2 == 0 ? "One" : "Two";
            await c.ChangeAsync(Uri, 5 - i % 3, LspTestClient.Edit(0, 0, 0, i == 0 ? 1 : 3, word));
            var r = await c.TokenActivationsAsync(Uri);
            Assert.Equal(word, (string)r["tokens"]![0]!["text"]!);
        }
        await c.OpenAsync(Uri, "Completely different text now.", version: 1);
        var reopened = await c.TokenActivationsAsync(Uri);
        Assert.Equal("completely", ((string)reopened["tokens"]![0]!["text"]!).ToLowerInvariant());
        Assert.Equal(5, reopened["tokens"]!.Count());
    }

    [Fact]
    public async Task Many_copies_of_one_direction_are_answered_once_and_too_many_distinct_ones_are_refused_naming_the_cap()
    {
        await using var c = await Started();
        var d = await c.CommandAsync(InterpProtocol.LoadDirection.Name, "neuron:blocks.3.hook_resid_post:4");
        var id = (string)d["direction"]!["id"]!;
        await c.TokenActivationsAsync(Uri);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        double idle = InterpLsp.Model.Benchmarks.Timing.ResidentMegabytes();
        var r = await c.TokenActivationsAsync(Uri, directions: Enumerable.Repeat(id, 100_000).ToArray());
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        double after = InterpLsp.Model.Benchmarks.Timing.ResidentMegabytes();
        Assert.True(after <= idle * 1.2, $"resident memory {idle:F0} MB before, {after:F0} MB after the request");
        Assert.Single(r["directions"]!);
        Assert.All(r["tokens"]!, t => Assert.Single(t["values"]!));
        var many = Enumerable.Range(0, InterpEngine.MaxDirectionsPerRequest + 1).Select(i => $"nope-{i}").ToArray();
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => c.TokenActivationsAsync(Uri, directions: many));
        Assert.Contains(InterpEngine.MaxDirectionsPerRequest.ToString(), e.Message);
        Assert.NotNull(await c.RequestAsync<JObject>("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 5 } }));
    }

    [Fact]
    public async Task Background_work_yields_to_an_edit_between_its_steps()
    {
        using var engine = new InterpEngine(new ModelRegistry().AddEmbedded(() => fx.Model)) { DebounceMs = 0 };
        engine.OpenDocument("u", 1, Text);
        await engine.AnalysisAsync("u", default);
        int steps = 0;
        // How many steps had run when the edit's analysis was published, read on the worker thread at that moment
        // (not when this test resumes after the await, which a busy thread pool may delay past the job's end).
        var served = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Events += e => { if (e is ActivationsChanged { Uri: "u", Version: 2 }) served.TrySetResult(Volatile.Read(ref steps)); };
        // The job holds in its second step until the edit has been made, so the edit arrives while the job is under
        // way however the threads are scheduled (a fixed delay before the edit does not promise that).
        using var edited = new ManualResetEventSlim();
        var job = engine.RunInBackground("test scan", (m, ct) =>
        {
            if (steps == 1) edited.Wait(TimeSpan.FromSeconds(60));
            Thread.Sleep(20);
            return ++steps >= 100;
        }, CancellationToken.None);
        Assert.True(await Poll.UntilAsync(() => Volatile.Read(ref steps) >= 1), "the background job did not start");
        engine.ChangeDocument("u", 2, Text + " More text.");
        edited.Set();
        var a = await engine.AnalysisAsync("u", default);
        Assert.EndsWith("More text.", a.Text);
        int stepsWhenServed = await served.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(stepsWhenServed < 100, $"the edit waited for the whole background job ({stepsWhenServed} steps)");
        await job;
        Assert.Equal(100, steps);
        var cts = new CancellationTokenSource();
        var cancelled = engine.RunInBackground("cancelled", (m, ct) => { Thread.Sleep(5); return false; }, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }
}
