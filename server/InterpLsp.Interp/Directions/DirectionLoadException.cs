namespace InterpLsp.Interp.Directions;

/// <summary>A direction could not be loaded. <see cref="Exception.Message"/> is one line: "ORIGIN: PROBLEM".</summary>
public sealed class DirectionLoadException : Exception
{
    public DirectionLoadException(string origin, string problem, Exception? inner = null)
        : base(OneLine($"{origin}: {problem}"), inner)
    {
        Origin = origin;
        Problem = problem;
    }

    /// <summary>The file (or spec) that failed.</summary>
    public string Origin { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
