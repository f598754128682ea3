using System.CommandLine;
using InterpLsp.Model.Verification;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp verify-model</c>: proves the TorchSharp forward equals ONNX Runtime's.</summary>
public static class VerifyModelCommand
{
    public static Command Create()
    {
        var json = TextOptions.Json();
        var cmd = new Command("verify-model", "Compare the TorchSharp forward pass with the package's ONNX Runtime output") { json };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
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
