using System.Text;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Cli;

/// <summary>Every bad input gets one clear line naming the problem and exit code 2; never a stack trace.</summary>
public class CliBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interp-cli-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, byte[] bytes)
    {
        var p = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    private string File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    private static void FailsWith(Support.Cli.Result r, params string[] words)
    {
        Assert.Equal(2, r.ExitCode);
        var line = r.Stderr.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain("   at ", line);
        Assert.StartsWith("interp-lsp: error: ", line);
        foreach (var w in words) Assert.Contains(w, line);
    }

    [Fact]
    public void Empty_file() => FailsWith(Support.Cli.Run("tokens", File("empty.txt", "")), "empty.txt", "empty");

    [Fact]
    public void Missing_file() => FailsWith(Support.Cli.Run("tokens", Path.Combine(_dir, "nope.txt")), "nope.txt", "no such file");

    [Fact]
    public void Nul_bytes() => FailsWith(Support.Cli.Run("tokens", File("nul.txt", "abc\0def")), "nul.txt", "NUL", "offset 3");

    [Fact]
    public void Lone_surrogate_encoded_in_the_file()
    {
        // WTF-8 / CESU-8 encoding of a lone high surrogate U+D800: not valid UTF-8.
        var bytes = Encoding.ASCII.GetBytes("ab").Concat(new byte[] { 0xED, 0xA0, 0x80 }).Concat(Encoding.ASCII.GetBytes("cd")).ToArray();
        FailsWith(Support.Cli.Run("tokens", File("lone.txt", bytes)), "lone.txt", "not valid UTF-8", "byte 2");
    }

    [Fact]
    public void Five_megabyte_file()
    {
        var big = new string('a', 99) + "\n";
        var text = string.Concat(Enumerable.Repeat(big, 50_000)); // 5,000,000 bytes
        FailsWith(Support.Cli.Run("activations", File("big.txt", text), "-d", "neuron:blocks.0.mlp.hook_post:1"), "big.txt", "limit", "--max-chars");
    }

    [Fact]
    public void Direction_of_the_wrong_width()
    {
        var f = File("t.txt", "The kettle was warm.");
        var d = File("d.json", "{\"name\": \"w\", \"hook\": \"blocks.1.hook_resid_post\", \"vector\": [1, 2, 3]}");
        FailsWith(Support.Cli.Run("activations", f, "-d", d), "d.json", "width 3", "384");
    }

    [Fact]
    public void Direction_with_nan_or_infinity()
    {
        var f = File("t.txt", "The kettle was warm.");
        var values = string.Join(",", Enumerable.Range(0, 384).Select(i => i == 5 ? "NaN" : "0.1"));
        FailsWith(Support.Cli.Run("activations", f, "-d", File("nan.json", $"{{\"hook\": \"blocks.1.hook_resid_post\", \"vector\": [{values}]}}")), "nan.json", "NaN", "index 5");
        var npy = NpyFloat32(Enumerable.Range(0, 384).Select(i => i == 7 ? float.PositiveInfinity : 1f).ToArray());
        FailsWith(Support.Cli.Run("activations", f, "-d", File("inf.npy", npy) + "@blocks.1.hook_resid_post"), "inf.npy", "infinity", "index 7");
    }

    [Fact]
    public void Unknown_hook()
    {
        var f = File("t.txt", "The kettle was warm.");
        FailsWith(Support.Cli.Run("activations", f, "-d", "neuron:blocks.9.mlp.hook_post:3"), "blocks.9.mlp.hook_post", "unknown hook");
        FailsWith(Support.Cli.Run("activations", f, "-d", "neuron:3", "--hook", "blocks.2.hook_resid_pots"), "unknown hook", "blocks.2.hook_resid_post");
    }

    [Fact]
    public void Malformed_direction_files()
    {
        var f = File("t.txt", "The kettle was warm.");
        FailsWith(Support.Cli.Run("activations", f, "-d", File("bad.json", "{\"vector\": [1, 2,")), "bad.json");
        FailsWith(Support.Cli.Run("activations", f, "-d", File("bad.npy", "\u0093NUMPY garbage")), "bad.npy");
        FailsWith(Support.Cli.Run("activations", f, "-d", File("bad.safetensors", new byte[] { 200, 0, 0, 0, 0, 0, 0, 0, (byte)'{' })), "bad.safetensors");
        FailsWith(Support.Cli.Run("activations", f, "-d", Path.Combine(_dir, "missing.npy")), "missing.npy");
    }

    [Fact]
    public void A_real_text_is_coloured_and_printed_as_json()
    {
        var f = File("t.txt", "The kettle was warm.\nTwo gases mixing.");
        var json = Support.Cli.Run("activations", f, "-d", "neuron:blocks.3.mlp.hook_post:12", "--json");
        Assert.Equal(0, json.ExitCode);
        var o = Newtonsoft.Json.Linq.JObject.Parse(json.Stdout);
        Assert.Equal("blocks.3.mlp.hook_post", (string)o["hook"]!);
        Assert.Equal("kettle", (string)o["tokens"]![1]!["text"]!);
        Assert.Equal(4, (int)o["tokens"]![1]!["start"]!);

        var coloured = Support.Cli.Run("activations", f, "-d", "neuron:blocks.3.mlp.hook_post:12", "--color", "always");
        Assert.Equal(0, coloured.ExitCode);
        Assert.Contains("\u001b[48;2;", coloured.Stdout);
        Assert.Contains("kettle", coloured.Stdout);
    }

    [Fact]
    public void Model_verb_lists_hooks_and_load_time()
    {
        var r = Support.Cli.Run("model");
        Assert.Equal(0, r.ExitCode);
        var o = Newtonsoft.Json.Linq.JObject.Parse(r.Stdout);
        Assert.Equal(6, (int)o["layers"]!);
        Assert.Equal(384, (int)o["width"]!);
        Assert.True((double)o["loadSeconds"]! > 0);
        Assert.Equal("embedded:all-MiniLM-L6-v2", (string)o["id"]!);
        Assert.Contains(o["hooks"]!, h => (string)h["name"]! == "blocks.5.hook_normalized_resid_post");
    }

    private static byte[] NpyFloat32(float[] v)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({v.Length},), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange(new byte[] { 1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8) });
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        foreach (var x in v) bytes.AddRange(BitConverter.GetBytes(x));
        return bytes.ToArray();
    }
}
