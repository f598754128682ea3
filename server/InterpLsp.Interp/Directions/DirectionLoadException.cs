using InterpLsp.Interp.IO;
namespace InterpLsp.Interp.Directions;

/// <summary>A direction could not be loaded. <see cref="Exception.Message"/> is one line: "ORIGIN: PROBLEM",
/// at most <see cref="Echo.MaxMessageChars"/> characters; ORIGIN is cut by <see cref="Echo.Origin"/>.</summary>
public sealed class DirectionLoadException : Exception
{
    public DirectionLoadException(string origin, string problem, Exception? inner = null)
        : base(Echo.Message($"{Echo.Origin(origin)}: {problem}"), inner)
    {
        Origin = origin;
        Problem = problem;
    }

    /// <summary>The file (or spec) that failed.</summary>
    public string Origin { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
