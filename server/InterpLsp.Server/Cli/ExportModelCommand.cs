using System.CommandLine;
using InterpLsp.Model.Embedded;
using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp export-model --out DIR</c>: writes the model (a BERT encoder: by default the embedded MiniLM)
/// as a Hugging Face folder that transformers and <c>--model DIR</c> read back to the same numbers.</summary>
public static class ExportModelCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var outDir = new Option<string>("--out", "-o") { Description = "A new (or empty) folder to write config.json, model.safetensors, vocab.txt and tokenizer_config.json into", Required = true };
        var cmd = new Command("export-model", "Write the model (a BERT encoder; default: the embedded all-MiniLM-L6-v2) as a Hugging Face folder") { model, outDir };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            var engine = ModelHost.Select(r.GetValue(model));
            var bert = engine.Model() as BertLanguageModel
                ?? throw new ArgumentException($"{engine.Selection.ModelId} is not a BERT encoder; export-model writes BERT encoders (a Hugging Face model is its own folder already)");
            foreach (var f in HfBertExport.Write(bert, r.GetValue(outDir)!)) Console.Error.WriteLine($"wrote {f}");
            return 0;
        }));
        return cmd;
    }
}
