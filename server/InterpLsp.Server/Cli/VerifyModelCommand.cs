using System.CommandLine;
using InterpLsp.Model.Verification;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp verify-model</c>: proves the TorchSharp forward equals ONNX Runtime's.</summary>
public static class VerifyModelCommand
{
    public static Command Create()
    {
        var json = TextOptions.Json();
        var model = ModelOption.Create();
        var parity = new Option<bool>("--parity") { Description = "With --model gpt2: Neuronpedia's GPT-2 small parity fixtures (skipped, saying so, when the weights are not in the local cache)" };
        var cmd = new Command("verify-model", "Compare the TorchSharp forward pass with the package's ONNX Runtime output") { json, model, parity };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            if (r.GetValue(parity))
            {
                var name = r.GetValue(model) ?? "gpt2";
                if (!Directory.Exists(name) && InterpLsp.Model.HuggingFace.HfHubCache.Find(name) is null)
                {
                    Console.Out.WriteLine($"parity fixtures skipped: '{name}' is not in the local Hugging Face cache ({InterpLsp.Model.HuggingFace.HfHubCache.Root}); nothing is downloaded");
                    return 0;
                }
                var rows = ParityFixtures.Run(name);
                if (r.GetValue(json)) JsonOutput.Print(rows);
                else foreach (var row in rows)
                    Console.Out.WriteLine($"{row.What} on \"{row.Text}\": expected [{string.Join(", ", row.Expected)}], ours [{(row.Actual is null ? "" : string.Join(", ", row.Actual.Select(v => v.ToString("F3"))))}] {row.Status}");
                return rows.Any(x => x.Status == "FAIL") ? 1 : 0;
            }
            var report = ModelVerifier.Verify(ModelHost.Bert);
            if (r.GetValue(json)) JsonOutput.Print(report);
            else
            {
                Console.Out.WriteLine($"last_hidden_state vs ONNX Runtime, same ids, {report.Texts} texts: max abs diff {report.MaxAbsDiff:E2} (limit {report.HiddenStateTolerance:E0}) {(report.HiddenStatesPass ? "PASS" : "FAIL")}");
                Console.Out.WriteLine($"sentence embeddings vs SentenceEncoder.Encode, {report.SentenceTexts} texts: min cosine {report.MinCosine:F8} (limit {report.CosineThreshold}) {(report.EmbeddingsPass ? "PASS" : "FAIL")}");
            }
            return report.Pass ? 0 : 1;
        }));
        return cmd;
    }
}
