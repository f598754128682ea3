using Newtonsoft.Json.Linq;
using CliRun = InterpLsp.Tests.Support.Cli;

namespace InterpLsp.Tests.Model.Bert;

/// <summary><c>interp-lsp export-model</c> writes the embedded MiniLM as a Hugging Face folder that <c>--model DIR</c>
/// reads back to the same values; it never writes into a folder that holds something.</summary>
public sealed class ExportModelCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void The_exported_folder_gives_the_embedded_models_values_through_model_DIR()
    {
        var folder = Path.Combine(_dir, "minilm-hf");
        var export = CliRun.Run("export-model", "--out", folder);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("model.safetensors", export.Stderr);

        var info = CliRun.Run("model", "--model", folder);
        Assert.True(info.ExitCode == 0, info.Stderr);
        var model = JObject.Parse(info.Stdout);
        Assert.Equal("minilm-hf", (string)model["name"]!);
        Assert.Equal("bert", (string)model["architecture"]!);

        var file = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(file, "The warmer gases mixed slowly in the closed flask, and the entropy rose.");
        string[] args = ["activations", file, "--direction", "neuron:blocks.3.mlp.hook_post:123", "--json"];
        var a = CliRun.Run(args);
        var b = CliRun.Run([.. args, "--model", folder]);
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.True(b.ExitCode == 0, b.Stderr);
        var ta = JObject.Parse(a.Stdout)["tokens"]!.ToArray();
        var tb = JObject.Parse(b.Stdout)["tokens"]!.ToArray();
        Assert.Equal(ta.Length, tb.Length);
        Assert.True(ta.Length > 10);
        for (int i = 0; i < ta.Length; i++)
        {
            Assert.Equal((string)ta[i]["text"]!, (string)tb[i]["text"]!);
            Assert.Equal((double)ta[i]["value"]!, (double)tb[i]["value"]!, 1e-5);
        }

        var again = CliRun.Run("export-model", "--out", folder);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("not empty", again.Stderr);
    }
}
