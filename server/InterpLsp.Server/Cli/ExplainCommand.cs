using System.CommandLine;
using InterpLsp.Analysis.Corpora;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Runs;
using InterpLsp.Analysis.Scans;
using InterpLsp.Library;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp explain DIRECTION [--corpus C] [--json] [--library DIR] [--no-library]</c>: the direction's
/// candidate explanations (<see cref="ExplainRun.Explain"/>; a scan is made first when the corpus's hidden states
/// at its hook are not stored), printed as JSON or as a readable report (<see cref="ExplanationText"/>) and stored
/// in the library with the scan they came from. Progress goes to stderr; Ctrl-C cancels.</summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var direction = DirectionArgument();
        var corpus = CorpusOption();
        var json = TextOptions.Json();
        var library = LibraryCommand.LibraryOption();
        var noLibrary = NoLibraryOption("Neither store the explanation (nor the scan made for it) in the library");
        var model = ModelOption.Create();
        var cmd = new Command("explain", "Candidate explanations of a direction, scored on held-out evidence with baselines, modes, coverage and a verdict")
        {
            direction, corpus, json, library, noLibrary,
        };
        cmd.Options.Add(model);
        cmd.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var engine = ModelHost.Select(r.GetValue(model));
            using var lib = OpenLibrary(engine, r.GetValue(library), r.GetValue(noLibrary));
            var d = engine.LoadDirection(r.GetValue(direction)!, baseDirectory: null, makeActive: true, ct);
            var spec = r.GetValue(corpus);
            var corp = CorpusResolver.Open(spec, CorpusContext.None);
            Console.Error.WriteLine($"interp-lsp: explaining {d.Name} at {d.Hook ?? engine.Selection.Hook} on {(CorpusResolver.IsAbsent(spec) ? "the default corpus" : corp.Id)}");
            var result = ExplainRun.Explain(engine, lib, d, corp, new StderrScanProgress(), ct);
            foreach (var w in result.Warnings) Console.Error.WriteLine($"interp-lsp: warning: {w}");
            if (lib is not null) Console.Error.WriteLine($"interp-lsp: stored the explanation in {lib.Folder}");
            Console.Out.WriteLine(r.GetValue(json) ? result.ToJson() : ExplanationText.Plain(result));
            return 0;
        })));
        return cmd;
    }

    internal static Argument<string> DirectionArgument() =>
        new("DIRECTION") { Description = "A library name, a direction file (PATH[#NAME[ROW]][@HOOK]), or neuron:HOOK:INDEX" };

    /// <summary><c>--corpus</c> of every verb that reads a corpus: a spec for <see cref="CorpusResolver"/>, on the
    /// command line (no workspace folder: <see cref="CorpusContext.None"/>); absent, the default sample.</summary>
    internal static Option<string?> CorpusOption() =>
        new("--corpus") { Description = $"The corpus: {CorpusResolver.AcceptedForms} (default: the default sample)" };

    internal static Option<bool> NoLibraryOption(string description) => new("--no-library") { Description = description };

    /// <summary>The library the run reads and stores into (opened, created when absent, and given to the engine so
    /// names resolve); with <paramref name="noLibrary"/> none is written: an existing one is only read for names.</summary>
    internal static DirectionLibrary? OpenLibrary(InterpEngine engine, string? folder, bool noLibrary)
    {
        if (noLibrary)
        {
            LibraryCommand.Attach(engine, folder);
            return null;
        }
        var lib = LibraryCommand.Open(folder, write: true)!;
        engine.UseLibrary(lib);
        return lib;
    }
}
