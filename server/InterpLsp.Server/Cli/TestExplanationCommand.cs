using System.CommandLine;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Runs;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp test-explanation DIRECTION (--words W... | --regex R | --text T) [--corpus C] [--json]</c>:
/// scores the user's own hypothesis against the direction at once (<see cref="ExplainRun.Test"/>). Exactly one of
/// the three forms is given; words may also be separated by commas.</summary>
public static class TestExplanationCommand
{
    public static Command Create()
    {
        var direction = ExplainCommand.DirectionArgument();
        var words = new Option<string[]>("--words")
        {
            Description = "The hypothesis as a word list (the words, or one argument with commas)",
            AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore,
        };
        var regex = new Option<string?>("--regex") { Description = "The hypothesis as a .NET regular expression over the text" };
        var text = new Option<string?>("--text") { Description = "The hypothesis as free text (scored with the embedded sentence model)" };
        var corpus = ExplainCommand.CorpusOption();
        var json = TextOptions.Json();
        var library = LibraryCommand.LibraryOption();
        var noLibrary = ExplainCommand.NoLibraryOption("Do not store the scan made for the test in the library");
        var cmd = new Command("test-explanation", "Score your own hypothesis (a word list, a regex, or free text) against a direction, with baselines")
        {
            direction, words, regex, text, corpus, json, library, noLibrary,
        };
        cmd.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            // the hypothesis is checked before anything loads, so a bad one fails at once
            var hypothesis = Hypothesize(
                r.GetResult(words) is null ? null : r.GetValue(words) ?? [],
                r.GetResult(regex) is null ? null : r.GetValue(regex) ?? "",
                r.GetResult(text) is null ? null : r.GetValue(text) ?? "");
            var engine = ModelHost.Engine;
            using var lib = ExplainCommand.OpenLibrary(engine, r.GetValue(library), r.GetValue(noLibrary));
            var d = engine.LoadDirection(r.GetValue(direction)!, baseDirectory: null, makeActive: true, ct);
            var corp = CorpusResolver.Open(r.GetValue(corpus), CorpusContext.None);
            var result = ExplainRun.Test(engine, lib, d, corp, hypothesis, new StderrScanProgress(), ct);
            foreach (var w in result.Warnings) Console.Error.WriteLine($"interp-lsp: warning: {w}");
            Console.Out.WriteLine(r.GetValue(json) ? Newtonsoft.Json.JsonConvert.SerializeObject(result, Newtonsoft.Json.Formatting.Indented)
                : ExplanationText.Plain(result));
            return 0;
        })));
        return cmd;
    }

    /// <summary>The hypothesis from the three options (null: not given): exactly one must be given, and it may not be
    /// empty; a word list is split on commas and white space.</summary>
    public static Hypothesis Hypothesize(string[]? words, string? regex, string? text)
    {
        int given = (words is null ? 0 : 1) + (regex is null ? 0 : 1) + (text is null ? 0 : 1);
        if (given != 1)
            throw new ArgumentException(given == 0
                ? "give the hypothesis as one of --words W..., --regex R or --text T"
                : "give only one of --words, --regex and --text: each is a hypothesis of its own");
        try
        {
            return words is not null ? HypothesisInput.Parse("words", string.Join(",", words))
                : regex is not null ? HypothesisInput.Parse("regex", regex)
                : HypothesisInput.Parse("text", text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--{(words is not null ? "words" : regex is not null ? "regex" : "text")}: {e.Message}");
        }
    }
}
