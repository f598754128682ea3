using InterpLsp.Interp.IO;

namespace InterpLsp.Model.HuggingFace;

/// <summary>A model folder (or one of its files) cannot be loaded. The message is one line, "ORIGIN: PROBLEM",
/// naming the file and what is wrong with it, never quoting the file's contents.</summary>
public sealed class ModelFolderException : Exception
{
    public ModelFolderException(string origin, string problem, Exception? inner = null)
        : base(Echo.Message($"{Echo.Origin(origin)}: {problem}"), inner)
    {
        Origin = origin;
        Problem = problem;
    }

    public string Origin { get; }
    public string Problem { get; }
}
