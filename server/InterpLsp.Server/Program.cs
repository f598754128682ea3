using System.CommandLine;
using InterpLsp.Server.Cli;

var root = new RootCommand("interp-lsp: see what a language model's internal directions do with your text")
{
    ModelCommand.Create(),
    TokensCommand.Create(),
    ActivationsCommand.Create(),
    VerifyModelCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
