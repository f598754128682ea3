using System.CommandLine;
using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using InterpLsp.Library.Formats;

namespace InterpLsp.Server.Cli;

/// <summary><c>interp-lsp library list|show|import|export|rm|rename|compare|tag|untag [--library DIR] [--json]</c>:
/// the workspace's direction library (default: the nearest <c>.interp</c> folder upwards, else <c>./.interp</c>,
/// created on the first write).</summary>
public static class LibraryCommand
{
    public static Command Create()
    {
        var cmd = new Command("library", "The workspace's direction library (.interp/library.sqlite): list, show, import, export, rm, rename, compare, tag");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Import());
        cmd.Subcommands.Add(Export());
        cmd.Subcommands.Add(Remove());
        cmd.Subcommands.Add(Rename());
        cmd.Subcommands.Add(Compare());
        cmd.Subcommands.Add(TagVerb("tag", "Give a direction a tag", (l, n, t) => l.Tag(n, t)));
        cmd.Subcommands.Add(TagVerb("untag", "Take a tag from a direction", (l, n, t) => l.Untag(n, t)));
        return cmd;
    }

    public static Option<string?> LibraryOption() => new("--library")
    {
        Description = $"The library folder (default: the nearest {LibraryLocator.FolderName} from the current directory upwards, else ./{LibraryLocator.FolderName})",
    };

    /// <summary>Lets <paramref name="engine"/> resolve library names: the existing library at <paramref name="folder"/>
    /// (default: the nearest), if any; one that cannot be opened is remembered as the reason names do not resolve.</summary>
    public static void Attach(InterpEngine engine, string? folder)
    {
        var dir = LibraryLocator.Resolve(folder);
        if (!LibraryLocator.Exists(dir)) { engine.UseLibrary(null, folder is null ? null : $"no library in {dir}"); return; }
        try { engine.UseLibrary(DirectionLibrary.OpenForReading(dir)); }
        catch (LibraryException e) { engine.UseLibrary(null, e.Message); }
    }

    private static Argument<string> NameArg(string name = "NAME") => new(name) { Description = "A direction's name in the library" };

    /// <summary>Opens the library for a verb; a reading verb on a folder without a library gets null (nothing is
    /// created), and one whose folder cannot be written opens it read-only. A writing verb on a folder that cannot be
    /// written is refused, naming the folder and the reason.</summary>
    internal static DirectionLibrary? Open(string? folder, bool write)
    {
        var dir = LibraryLocator.Resolve(folder);
        if (!write && !LibraryLocator.Exists(dir)) return null;
        var library = write ? DirectionLibrary.Open(dir) : DirectionLibrary.OpenForReading(dir);
        if (library.UnownedOnOpen > 0)
            Console.Error.WriteLine($"interp-lsp: note: {library.UnownedOnOpen} vector file(s) in {library.VectorsFolder} belong to no direction " +
                "of this database and were not written by it (another or an earlier library.sqlite?); they were left as they are");
        return library;
    }

    private static DirectionLibrary OpenExisting(string? folder) => Open(folder, write: false)
        ?? throw new ArgumentException($"no library in {LibraryLocator.Resolve(folder)} (import a direction first)");

    private static Command List()
    {
        var lib = LibraryOption();
        var json = TextOptions.Json();
        var cmd = new Command("list", "List the stored directions") { lib, json };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var library = Open(r.GetValue(lib), write: false);
            var entries = library?.List() ?? [];
            if (r.GetValue(json)) { JsonOutput.Print(new { library = LibraryLocator.Resolve(r.GetValue(lib)), directions = entries.Select(EntryJson) }); return 0; }
            Console.Out.WriteLine("name\thook\twidth\tkind\thash\ttags\tscan\tcreated");
            foreach (var e in entries)
                Console.Out.WriteLine($"{e.Name}\t{e.Hook}\t{e.Width}\t{e.Kind}\t{e.Hash}\t{string.Join(",", e.Tags)}\t{(e.HasScan ? "yes" : "no")}\t{e.CreatedUtc:yyyy-MM-dd HH:mm:ss}Z");
            return 0;
        }));
        return cmd;
    }

    private static Command Show()
    {
        var lib = LibraryOption();
        var json = TextOptions.Json();
        var name = NameArg();
        var cmd = new Command("show", "Show one stored direction") { name, lib, json };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var library = OpenExisting(r.GetValue(lib));
            var n = r.GetValue(name)!;
            var d = library.Get(n);
            var e = library.Entry(n)!;
            var norm = Math.Sqrt(d.Vector.Sum(x => (double)x * x));
            if (r.GetValue(json))
            {
                JsonOutput.Print(new { entry = EntryJson(e), bias = d.Bias, scale = d.Scale, neuron = d.NeuronIndex, norm, sae = d.Sae is { } s ? new { s.Architecture, s.FeatureIndex, s.EncoderBias, s.Threshold, s.TopK, s.Normalization } : null });
                return 0;
            }
            Console.Out.WriteLine($"name: {e.Name}\nhook: {e.Hook}\nmodel: {e.ModelId}\nwidth: {e.Width}\nkind: {e.Kind}\nhash: {e.Hash}\n" +
                $"source: {e.Source}\nmade by: {e.MadeBy.Method}\ncreated: {e.CreatedUtc:O}\ntags: {string.Join(", ", e.Tags)}\nscan: {(e.HasScan ? "yes" : "no")}\n" +
                $"bias: {d.Bias:G9}\nscale: {d.Scale:G9}\nnorm: {norm:G6}");
            return 0;
        }));
        return cmd;
    }

    private static Command Import()
    {
        var lib = LibraryOption();
        var json = TextOptions.Json();
        var path = new Argument<string>("PATH") { Description = "A .npy (1-D or 2-D), .safetensors, JSON (ours or SAEDashboard's vector set) file, or a SAELens folder" };
        var features = new Option<string?>("--features") { Description = "SAE features (rows of W_dec) to import, e.g. 3,17,20-25" };
        var rows = new Option<string?>("--rows") { Description = "Rows of a 2-D array to import (default: all), e.g. 0-9,12" };
        var tensor = new Option<string?>("--tensor") { Description = "The safetensors tensor to read" };
        var hook = new Option<string?>("--hook") { Description = "The hook the vectors belong to, when the file names none" };
        var name = new Option<string?>("--name") { Description = "Name to store under (several rows: NAME#ROW); a taken name gets -2, -3, ..." };
        var tag = new Option<string[]>("--tag") { Description = "Tag to give every imported direction (repeatable)", AllowMultipleArgumentsPerToken = false };
        var cmd = new Command("import", "Import directions; prints the name each was stored under") { path, features, rows, tensor, hook, name, tag, lib, json };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            if (r.GetValue(features) is not null && r.GetValue(rows) is not null) throw new ArgumentException("give --features or --rows, not both");
            var chosen = r.GetValue(features) is { } f ? LibraryImport.ParseRows(f, "--features")
                : r.GetValue(rows) is { } rs ? LibraryImport.ParseRows(rs, "--rows") : null;
            var engine = ModelHost.Engine;
            var model = engine.Model();
            var options = new ImportOptions(chosen, r.GetValue(tensor), r.GetValue(hook), r.GetValue(name), r.GetValue(tag) is { Length: > 0 } t ? t : null);
            using var library = Open(r.GetValue(lib), write: true)!;
            var stored = LibraryImport.Run(library, r.GetValue(path)!, options, h => model.GetHook(h).Width, engine.Selection.Hook,
                engine.Selection.ModelId, engine.CheckForActiveModel);
            if (r.GetValue(json)) JsonOutput.Print(new { library = library.Folder, stored });
            else foreach (var s in stored) Console.Out.WriteLine(s);
            return 0;
        }));
        return cmd;
    }

    private static Command Export()
    {
        var lib = LibraryOption();
        var name = NameArg();
        var output = new Option<string>("--output", "-o") { Description = "File to write", Required = true };
        var format = new Option<string?>("--format") { Description = "json, npy or safetensors (default: from the file's extension, else json)" };
        format.AcceptOnlyFromAmong(DirectionExporter.Formats);
        var cmd = new Command("export", "Write a stored direction to a file") { name, output, format, lib };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var library = OpenExisting(r.GetValue(lib));
            var d = library.Get(r.GetValue(name)!);
            DirectionExporter.Write(d, r.GetValue(output)!, r.GetValue(format));
            Console.Out.WriteLine(Path.GetFullPath(r.GetValue(output)!));
            return 0;
        }));
        return cmd;
    }

    private static Command Remove()
    {
        var lib = LibraryOption();
        var name = NameArg();
        var cmd = new Command("rm", "Remove a stored direction (its vector file too)") { name, lib };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var library = OpenExisting(r.GetValue(lib));
            library.Delete(r.GetValue(name)!);
            return 0;
        }));
        return cmd;
    }

    private static Command Rename()
    {
        var lib = LibraryOption();
        var from = NameArg("OLD");
        var to = NameArg("NEW");
        var cmd = new Command("rename", "Rename a stored direction") { from, to, lib };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var library = OpenExisting(r.GetValue(lib));
            library.Rename(r.GetValue(from)!, r.GetValue(to)!);
            return 0;
        }));
        return cmd;
    }

    private static Command Compare()
    {
        var lib = LibraryOption();
        var json = TextOptions.Json();
        var names = new Argument<string[]>("NAME") { Description = "Two or more stored directions", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("compare", "Cosine similarity matrix of the directions' vectors") { names, lib, json };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var library = OpenExisting(r.GetValue(lib));
            var m = library.Compare(r.GetValue(names)!);
            if (r.GetValue(json)) { JsonOutput.Print(new { measure = "cosine of the vectors", names = m.Names, matrix = m.Values }); return 0; }
            Console.Out.WriteLine("cosine\t" + string.Join("\t", m.Names));
            for (int i = 0; i < m.Names.Count; i++)
                Console.Out.WriteLine(m.Names[i] + "\t" + string.Join("\t", m.Values[i].Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture))));
            return 0;
        }));
        return cmd;
    }

    private static Command TagVerb(string verb, string description, Action<DirectionLibrary, string, string> act)
    {
        var lib = LibraryOption();
        var name = NameArg();
        var tag = new Argument<string>("TAG");
        var cmd = new Command(verb, description) { name, tag, lib };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var library = OpenExisting(r.GetValue(lib));
            act(library, r.GetValue(name)!, r.GetValue(tag)!);
            return 0;
        }));
        return cmd;
    }

    private static object EntryJson(LibraryEntry e) => new
    {
        name = e.Name, hook = e.Hook, model = e.ModelId, width = e.Width, kind = e.Kind.ToString(), source = e.Source,
        created = e.CreatedUtc.ToString("O"), hash = e.Hash, tags = e.Tags, hasScan = e.HasScan,
        madeBy = new { method = e.MadeBy.Method, dataHash = e.MadeBy.DataHash, probeReport = e.MadeBy.ProbeReportJson },
    };
}
