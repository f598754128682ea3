using System.CommandLine;
using InterpLsp.Server.Cli;

var stdio = new Option<bool>("--stdio") { Description = "Speak LSP over stdin/stdout (what `serve` does)", Hidden = true };
var root = new RootCommand("interp-lsp: see what a language model's internal directions do with your text. With no verb: the language server.")
{
    ServeCommand.Create(),
    ModelCommand.Create(),
    ExportModelCommand.Create(),
    TokensCommand.Create(),
    ActivationsCommand.Create(),
    ProbeCommand.Create(),
    VerifyModelCommand.Create(),
    BenchCommand.Create(),
    CausalCommands.Logits(),
    CausalCommands.Steer(),
    LibraryCommand.Create(),
    ScanCommand.Create(),
    ReportCommand.Create(),
    EvalExplainCommand.Create(),
    ExplainCommand.Create(),
    TestExplanationCommand.Create(),
    TrainTaggerCommand.Create(),
    EmbedGlossesCommand.Create(),
    stdio,
};
root.SetAction((_, ct) => ServeCommand.Run(ct));
var termination = ProcessEnd.StopOnTermination(); // SIGTERM/SIGINT stop at once (System.CommandLine's handling is off)
int code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
GC.KeepAlive(termination);
return ProcessEnd.Finish(code);
