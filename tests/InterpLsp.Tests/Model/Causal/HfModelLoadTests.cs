using InterpLsp.Analysis.Engine;
using InterpLsp.Model.Causal;
using InterpLsp.Model.HuggingFace;
using CliRun = InterpLsp.Tests.Support.Cli;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>A complete Hugging Face folder (config, weights, tokenizer.json) loaded by name: from a path, from the
/// local cache by its hub name, through the registry and the command line.</summary>
public sealed class HfModelLoadTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-hfload-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_folder_loads_with_its_tokenizer_and_BOS_and_equals_the_reference()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny-gpt2"));
        using var model = HfLanguageModels.LoadCausal(folder);
        Assert.Equal("tiny-gpt2", model.Info.Name);
        Assert.True(model.Info.IsCausal);
        Assert.Equal(TinyTokenizer.Size - 1, model.BosId); // <|endoftext|>, as SAELens prepends for GPT-2
        Assert.Equal(63, model.MaxWindowTokens);

        var text = "The warmer gases mixed.";
        var tokens = model.Tokenizer.Tokenize(text);
        Assert.Equal(text, string.Concat(tokens.Select(t => text[t.Start..t.End])));
        var ids = tokens.Select(t => t.Id).ToArray();
        var m = TinyCheckpoints.Gpt2(vocab: TinyTokenizer.Size);
        var reference = NaiveDecoderReference.Run(m, [model.BosId!.Value, .. ids]);
        var ours = model.Run([ids], ["blocks.1.hook_resid_post"])[0]["blocks.1.hook_resid_post"];
        for (int t = 0; t < ids.Length; t++)
            for (int i = 0; i < m.Hidden; i++)
                Assert.True(Math.Abs(reference.ResidPost[1][t + 1][i] - ours[t * m.Hidden + i]) <= 2e-4 * (1 + Math.Abs(reference.ResidPost[1][t + 1][i])));
    }

    [Fact]
    public void The_registry_resolves_a_folder_path_once_and_refuses_unknown_names_saying_where_it_looked()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny"));
        var registry = ModelRegistry.WithEmbedded();
        var id = registry.Resolve(folder);
        Assert.Equal("hf:" + Path.GetFullPath(folder), id);
        Assert.Equal(id, registry.Resolve(folder));
        Assert.Equal(id, registry.Resolve(id));
        Assert.False(registry.IsLoaded(id));
        Assert.Equal(TinyTokenizer.Size, registry.Tokenizer(id).VocabSize); // the tokenizer alone, no weights
        Assert.False(registry.IsLoaded(id));
        Assert.Equal("GPT-2", registry.Get(id).Info.Architecture);

        var e = Assert.Throws<UnknownModelException>(() => registry.Resolve("no-such-org/no-such-model-xyz"));
        Assert.Contains("models--no-such-org--no-such-model-xyz", e.Message);
        Assert.Contains("never downloads", e.Message);
        Assert.Contains("embedded:all-MiniLM-L6-v2", e.Message);
    }

    [Fact]
    public void A_hub_name_resolves_in_the_local_cache_at_the_revision_refs_main_names()
    {
        var cache = Path.Combine(_dir, "hub");
        var repo = Path.Combine(cache, "models--tiny-org--tiny-gpt2");
        TinyTokenizer.Gpt2Folder(Path.Combine(repo, "snapshots", "aaaa"));
        TinyTokenizer.Gpt2Folder(Path.Combine(repo, "snapshots", "bbbb"), seed: 9);
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), "aaaa");
        Assert.Equal(Path.Combine(repo, "snapshots", "aaaa"), HfHubCache.Find("tiny-org/tiny-gpt2", cache));
        Assert.Equal(["tiny-org/tiny-gpt2"], HfHubCache.List(cache));
        Assert.Null(HfHubCache.Find("tiny-org/other", cache));
        Assert.Null(HfHubCache.Find("../etc", cache));
        Assert.Equal("tiny-org/tiny-gpt2", HfLanguageModels.NameOf(Path.Combine(repo, "snapshots", "aaaa")));

        // The command line reads the cache that HF_HUB_CACHE names.
        var file = Path.Combine(_dir, "text.txt");
        File.WriteAllText(file, "The water was warmer.");
        var r = CliRun.RunWith(new Dictionary<string, string> { ["HF_HUB_CACHE"] = cache }, "model", "--model", "tiny-org/tiny-gpt2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("\"architecture\": \"GPT-2\"", r.Stdout);
        Assert.Contains("blocks.1.attn.hook_z", r.Stdout);

        var missing = CliRun.RunWith(new Dictionary<string, string> { ["HF_HUB_CACHE"] = cache }, "model", "--model", "tiny-org/absent");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("models--tiny-org--absent", missing.Stderr);
    }

    [Fact]
    public void The_command_line_gives_entropy_and_surprisal_per_token_on_a_causal_model_and_refuses_them_on_BERT()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny"));
        var file = Path.Combine(_dir, "text.txt");
        File.WriteAllText(file, "The gases mixed and the water was warmer.");
        var ent = CliRun.Run("activations", file, "--model", folder, "--direction", "entropy", "--json");
        Assert.True(ent.ExitCode == 0, ent.Stderr);
        var json = Newtonsoft.Json.Linq.JObject.Parse(ent.Stdout);
        Assert.Equal("next_token", (string)json["hook"]!);
        Assert.Equal("neuron:next_token:0", (string)json["direction"]!);
        var values = json["tokens"]!.Select(t => (double)t["value"]!).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0, Math.Log(TinyTokenizer.Size) + 1e-4));

        var sur = CliRun.Run("activations", file, "--model", folder, "--direction", "surprisal", "--json");
        Assert.True(sur.ExitCode == 0, sur.Stderr);
        Assert.All(Newtonsoft.Json.Linq.JObject.Parse(sur.Stdout)["tokens"]!, t => Assert.True((double)t["value"]! > 0));

        // Equal to the model's own numbers (computed in process).
        using var model = HfLanguageModels.LoadCausal(folder);
        var ids = model.Tokenizer.Tokenize(File.ReadAllText(file)).Select(t => t.Id).ToArray();
        var next = model.Run([ids], ["next_token"])[0]["next_token"];
        for (int i = 0; i < ids.Length; i++) Assert.Equal(next[2 * i], values[i], 1e-5);

        var bert = CliRun.Run("activations", file, "--direction", "entropy");
        Assert.Equal(2, bert.ExitCode);
        Assert.Contains("causal", bert.Stderr);
    }

    [Fact]
    public void A_model_answers_to_the_TransformerLens_name_SAELens_configs_use()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "gpt2"));
        var registry = ModelRegistry.WithEmbedded();
        var id = registry.Resolve(folder);
        Assert.True(registry.TryResolve("gpt2-small", out var byTl));
        Assert.Equal(id, byTl);
        Assert.True(registry.TryResolve("gpt2", out var byHub));
        Assert.Equal(id, byHub);
    }
}
