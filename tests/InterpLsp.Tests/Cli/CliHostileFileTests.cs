using System.Diagnostics;
using System.Text;
using InterpLsp.Tests.Directions;

namespace InterpLsp.Tests.Cli;

/// <summary>Hostile files through the real CLI process: each gets exit code 2, one line on stderr naming the file,
/// and an answer within seconds (no hang, no stack overflow, no out-of-memory).</summary>
public class CliHostileFileTests : IDisposable
{
    private const string Hook = "blocks.1.hook_resid_post"; // width 384
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    private string File(string name, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(Path(name), bytes);
        return Path(name);
    }

    private string Text() => File("t.txt", Encoding.UTF8.GetBytes("The kettle was warm."));

    private string Fifo(string name)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [Path(name)]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return Path(name);
    }

    /// <summary>Runs interp-lsp, killing it after 60 s (so a regression fails instead of hanging the suite).</summary>
    private static (int ExitCode, string Stderr, TimeSpan Elapsed) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "interp-lsp.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("INTERP_LSP_DEBUG");
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"interp-lsp {string.Join(' ', args.Select(a => a.Length > 100 ? a[..100] + "…" : a))} did not finish in 60 s");
        }
        p.WaitForExit();
        _ = stdout.Result;
        return (p.ExitCode, stderr.Result, clock.Elapsed);
    }

    private static string FailsFast((int ExitCode, string Stderr, TimeSpan Elapsed) r, string file, params string[] words)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var line = lines[0];
        Assert.StartsWith("interp-lsp: error: ", line);
        Assert.DoesNotContain("   at ", line);
        Assert.Contains(file, line);
        foreach (var w in words) Assert.Contains(w, line);
        Assert.True(r.Elapsed < Bound, $"took {r.Elapsed.TotalSeconds:F1} s: {line}");
        return line;
    }

    [Fact]
    public void Npy_header_nesting_60000_brackets()
    {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + new string('[', 60_000) + "}";
        var npy = File("deep.npy", Npy.BuildRaw(header, new byte[16]));
        FailsFast(Run("activations", Text(), "-d", npy + "@" + Hook), "deep.npy", "nested more than 32 levels");
    }

    [Fact]
    public void Fifo_as_direction_file()
    {
        var fifo = Fifo("pipe.json");
        FailsFast(Run("activations", Text(), "-d", fifo), "pipe.json", "named pipe", "not a regular file");
        var npy = Fifo("pipe.npy");
        FailsFast(Run("activations", Text(), "-d", npy + "@" + Hook), "pipe.npy", "named pipe");
    }

    [Fact]
    public void Fifo_as_text_file()
    {
        var fifo = Fifo("pipe.txt");
        FailsFast(Run("tokens", fifo), "pipe.txt", "named pipe", "not a regular file");
        FailsFast(Run("activations", fifo, "-d", "neuron:blocks.3.mlp.hook_post:1"), "pipe.txt", "named pipe");
    }

    [Fact]
    public void Symlink_to_dev_zero_as_direction_file()
    {
        foreach (var name in new[] { "zero.json", "zero.npy", "zero.safetensors" })
        {
            var link = Path(name);
            System.IO.File.CreateSymbolicLink(link, "/dev/zero");
            var spec = name.EndsWith(".json") ? link : link + "@" + Hook;
            FailsFast(Run("activations", Text(), "-d", spec), name, "character device", "/dev/zero");
        }
    }

    [Fact]
    public void Dev_zero_as_text_file()
    {
        FailsFast(Run("activations", "/dev/zero", "-d", "neuron:blocks.3.mlp.hook_post:1"), "/dev/zero", "character device", "not a regular file");
        FailsFast(Run("tokens", "/dev/zero"), "/dev/zero", "character device");
        var link = Path("zero.txt");
        System.IO.File.CreateSymbolicLink(link, "/dev/zero");
        FailsFast(Run("tokens", link), "zero.txt", "character device", "/dev/zero");
    }

    [Fact]
    public void Neuron_index_of_ten_to_the_twelfth()
    {
        var line = FailsFast(Run("activations", Text(), "-d", "neuron:blocks.3.mlp.hook_post:1000000000000"),
            "neuron:blocks.3.mlp.hook_post:1000000000000", "neuron index 1000000000000 is out of range 0..1535");
        Assert.DoesNotContain("not a non-negative integer", line);
    }

    [Fact]
    public void Hook_of_ten_thousand_characters_is_not_echoed_in_full()
    {
        var hook = "blocks." + new string('x', 10_000);
        var line = FailsFast(Run("activations", Text(), "-d", $"neuron:{hook}:1"), "neuron:blocks.xxx", "unknown hook");
        Assert.True(line.Length < 1200, $"{line.Length} characters");
        Assert.Contains("…", line);
        line = FailsFast(Run("activations", Text(), "-d", "neuron:1", "--hook", hook), "blocks.xxx", "…");
        Assert.True(line.Length < 1200, $"{line.Length} characters");
    }

    [Fact]
    public void Sparse_two_gigabyte_json()
    {
        var path = File("huge.json", "{\"vector\": ["u8.ToArray());
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write)) fs.SetLength((2L << 30) + 10);
        var line = FailsFast(Run("activations", Text(), "-d", path), "huge.json", "limit");
        Assert.DoesNotContain("-2147483648", line);
    }
}
