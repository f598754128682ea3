namespace InterpLsp.Analysis.Engine;

/// <summary>How user input is quoted in error messages: capped, so a 10,000-character name is not echoed whole.</summary>
public static class Messages
{
    public const int MaxEcho = 80;

    public static string Echo(string? s) =>
        s is null ? "" : s.Length <= MaxEcho ? s : s[..MaxEcho] + $"… ({s.Length:N0} characters)";
}
