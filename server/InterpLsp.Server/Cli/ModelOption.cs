using System.CommandLine;

namespace InterpLsp.Server.Cli;

/// <summary><c>--model M</c>: which model a command runs.</summary>
public static class ModelOption
{
    public static Option<string?> Create() => new("--model", "-m")
    {
        Description = "A Hugging Face model folder (config.json, model.safetensors, tokenizer) or a model of the local " +
            "Hugging Face cache by name (gpt2, EleutherAI/pythia-70m; never downloaded). Default: the embedded all-MiniLM-L6-v2",
    };
}
