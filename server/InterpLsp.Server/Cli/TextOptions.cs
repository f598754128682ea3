using System.CommandLine;
using InterpLsp.Interp.Text;

namespace InterpLsp.Server.Cli;

/// <summary>Options shared by the verbs that read a text file.</summary>
public static class TextOptions
{
    public static Argument<string> File() => new("FILE") { Description = "UTF-8 text file" };

    public static Option<int> MaxChars() => new("--max-chars")
    {
        Description = "Largest document to analyse, in characters",
        DefaultValueFactory = _ => TextChecks.DefaultMaxChars,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON" };
}
