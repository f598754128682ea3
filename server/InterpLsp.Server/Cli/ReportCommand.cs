using System.CommandLine;
using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Runs;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp report DIRECTION -o FILE.html</c>: the direction view as a static page (the same HTML the
/// VS Code view shows): histogram, top examples, quantile bins, random contexts, the probe report, similar
/// directions in the library.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var direction = new Argument<string>("DIRECTION") { Description = "A library name, a direction file, or neuron:HOOK:INDEX" };
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write", Required = true };
        var library = LibraryCommand.LibraryOption();
        var cmd = new Command("report", "Write a direction's view (scan, probe report, similar directions) as a static HTML page")
        {
            direction, output, library,
        };
        cmd.SetAction((r, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var engine = ModelHost.Engine;
            LibraryCommand.Attach(engine, r.GetValue(library));
            var d = engine.LoadDirection(r.GetValue(direction)!, baseDirectory: null, makeActive: true, ct);
            var report = ReportRun.Build(engine, engine.Library, d);
            var path = Path.GetFullPath(r.GetValue(output)!);
            DurableFile.Write(path, System.Text.Encoding.UTF8.GetBytes(DirectionReportHtml.Render(report)));
            Console.Out.WriteLine($"wrote {path}" + (report.Scan is null ? " (no scan yet: run `interp-lsp scan --direction ...` first)" : ""));
            return 0;
        })));
        return cmd;
    }
}
