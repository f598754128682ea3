using InterpLsp.Interp.Directions;

namespace InterpLsp.Analysis.Engine;

/// <summary>How user input is quoted in the engine's and the server's messages: through <see cref="Interp.Directions.Echo"/>,
/// the one quoting rule (cut to its first characters, control characters replaced).</summary>
public static class Messages
{
    public static string Echo(string? s) => Interp.Directions.Echo.Input(s);
}
