using Newtonsoft.Json.Linq;
using CliRun = InterpLsp.Tests.Support.Cli;

namespace InterpLsp.Tests.Model.Causal;

/// <summary><c>interp-lsp logits</c> and <c>interp-lsp steer</c> on a tiny GPT-2 folder, with a direction along one
/// token's unembedding row (so the expected answers are known), and their refusals.</summary>
public sealed class CausalCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-causalcli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The folder and a direction file holding token <paramref name="token"/>'s embedding row (tied unembedding).</summary>
    private (string Folder, string Direction) Setup(int token)
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny"));
        return (folder, TinyTokenizer.TokenRowDirection(_dir, token));
    }

    [Fact]
    public void Logits_lists_the_tokens_a_direction_promotes_and_suppresses()
    {
        int token = 'e'; // a byte token of the tiny vocabulary
        var (folder, file) = Setup(token);
        var r = CliRun.Run("logits", "--model", folder, "--direction", file, "--top", "5", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JObject.Parse(r.Stdout);
        var promoted = json["promoted"]!.ToArray();
        Assert.Equal(5, promoted.Length);
        Assert.Equal(5, json["suppressed"]!.Count());
        Assert.True((double)promoted[0]["value"]! >= (double)promoted[4]["value"]!);
        Assert.True((double)json["suppressed"]![0]!["value"]! < 0);
        Assert.Contains(promoted, p => (int)p["id"]! == token); // its own row is among the most promoted
    }

    [Fact]
    public void Steer_puts_the_steered_continuation_beside_the_unsteered_one()
    {
        int token = 'e';
        var (folder, file) = Setup(token);
        var r = CliRun.Run("steer", "--model", folder, "--direction", file, "--prompt", "The water", "--alpha", "200", "--tokens", "6", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JObject.Parse(r.Stdout);
        Assert.Equal("blocks.1.hook_resid_post", (string)json["hook"]!);
        var steered = json["steered"]!["ids"]!.Select(i => (int)i).ToArray();
        Assert.Equal(6, steered.Length);
        Assert.All(steered, id => Assert.Equal(token, id));
        Assert.Equal("eeeeee", (string)json["steered"]!["text"]!);
        Assert.NotEqual(steered, json["unsteered"]!["ids"]!.Select(i => (int)i).ToArray());

        var zero = CliRun.Run("steer", "--model", folder, "--direction", file, "--prompt", "The water", "--alpha", "0", "--tokens", "4", "--temperature", "0.8", "--seed", "3", "--json");
        var z = JObject.Parse(zero.Stdout);
        Assert.Equal(z["unsteered"]!["ids"]!.ToString(), z["steered"]!["ids"]!.ToString());
    }

    [Fact]
    public void Logits_and_steering_need_a_causal_model_and_a_residual_hook()
    {
        var (folder, file) = Setup('e');
        var bert = CliRun.Run("logits", "--direction", "neuron:blocks.3.mlp.hook_post:1");
        Assert.Equal(2, bert.ExitCode);
        Assert.Contains("not a causal language model", bert.Stderr);
        var mlp = CliRun.Run("steer", "--model", folder, "--direction", "neuron:blocks.0.mlp.hook_post:3", "--prompt", "x");
        Assert.Equal(2, mlp.ExitCode);
        Assert.Contains("hook_resid", mlp.Stderr);
    }

    [Fact]
    public void Parity_fixtures_are_skipped_saying_where_it_looked_without_the_real_gpt2_and_refuse_another_model()
    {
        var empty = Path.Combine(_dir, "empty-cache");
        Directory.CreateDirectory(empty);
        var r = CliRun.RunWith(new Dictionary<string, string> { ["HF_HUB_CACHE"] = empty }, "verify-model", "--model", "gpt2", "--parity");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("skipped", r.Stdout);
        Assert.Contains(empty, r.Stdout);
        var (folder, _) = Setup('e');
        var tiny = CliRun.Run("verify-model", "--model", folder, "--parity");
        Assert.Equal(2, tiny.ExitCode);
        Assert.Contains("GPT-2 small", tiny.Stderr);
    }
}
