using InterpLsp.Interp.Directions;
using InterpLsp.Model.Causal;
using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Server.Cli;

/// <summary>
/// Neuronpedia's own parity fixtures for GPT-2 small, for a user who has the real <c>gpt2</c> weights in the local
/// Hugging Face cache (<c>verify-model --model gpt2 --parity</c>). Each row: what is read, the text, the values
/// Neuronpedia's tests expect, and ours (raw residual, BOS dropped). Rows that need an SAE folder are listed with
/// what they need when it is absent.
/// </summary>
public static class ParityFixtures
{
    public sealed record Row(string What, string Text, double[] Expected, double[]? Actual, double Tolerance, string Status);

    private static readonly double[] ConstantAtLayer0 = [5.414, 3.238, 1.946, 1.672];

    public static IReadOnlyList<Row> Run(string model)
    {
        var folder = HfLanguageModels.FolderOf(model);
        var m = HfLanguageModels.LoadCausal(folder);
        if (m.Info.Architecture != "GPT-2" || m.Info.Width != 768 || m.Info.Layers != 12)
            throw new ArgumentException($"the parity fixtures are GPT-2 small's (12 blocks, width 768); {m.Info.Name} is {m.Info.Architecture} with {m.Info.Layers} blocks of width {m.Info.Width}");
        var rows = new List<Row>();
        const string hello = "Hello, world!";
        var ids = m.Tokenizer.Tokenize(hello).Select(t => t.Id).ToArray();
        var resid = m.Run([ids], ["blocks.0.hook_resid_post"])[0]["blocks.0.hook_resid_post"];
        // the vector 0.1 x 768 as a plain dot product (not normalised), one value per token
        var actual = Enumerable.Range(0, ids.Length).Select(t => 0.1 * Enumerable.Range(0, 768).Sum(i => (double)resid[t * 768 + i])).ToArray();
        bool ok = actual.Length == ConstantAtLayer0.Length && actual.Zip(ConstantAtLayer0).All(p => Math.Abs(p.First - p.Second) <= 0.01);
        rows.Add(new Row("0.1 x 768 at blocks.0.hook_resid_post (raw)", hello, ConstantAtLayer0, actual, 0.01, ok ? "PASS" : "FAIL"));
        rows.Add(new Row("gpt2-small-res-jb layer 7 feature 0", hello, [0.0477, 0, 0, 0], null, 0.01,
            "needs the SAELens folder: interp-lsp activations --model gpt2 --direction SAEDIR#feature[0]"));
        rows.Add(new Row("gpt2-small-res-jb layer 10 feature 16899, on \" cat\"", "My cat is sleeping on the couch.", [54, 61.5], null, 0,
            "needs the SAELens folder: interp-lsp activations --model gpt2 --direction SAEDIR#feature[16899] (expect 54 to 61.5 on \" cat\")"));
        return rows;
    }
}
