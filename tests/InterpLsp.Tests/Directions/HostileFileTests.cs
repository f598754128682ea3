using InterpLsp.Interp.Directions;
using System.Diagnostics;
using System.Text;
using InterpLsp.Interp.IO;

namespace InterpLsp.Tests.Directions;

/// <summary>Hostile direction files fed to the loader: every one fails fast with one line naming the file, allocates
/// little, and never quotes the file's contents.</summary>
public class HostileFileTests : LoaderTestBase
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(2);

    private string Sparse(string name, byte[] head, long length)
    {
        var path = Dir.File(name, head);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write);
        fs.SetLength(length);
        return path;
    }

    /// <summary>Fails as <see cref="LoaderTestBase.Fails"/>, within <see cref="Fast"/>, allocating under <paramref name="maxAllocated"/> bytes.</summary>
    private DirectionLoadException FailsFast(string spec, string origin, long maxAllocated, params string[] words)
    {
        var clock = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Fails(spec, origin, words);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(clock.Elapsed < Fast, $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(allocated < maxAllocated, $"allocated {allocated:N0} bytes");
        Assert.True(e.Message.Length <= Echo.MaxMessageChars + 1, $"{e.Message.Length} characters");
        return e;
    }

    [Fact]
    public void Npy_header_nested_60000_deep_is_refused_at_depth_32()
    {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + new string('[', 60_000) + "}";
        Dir.File("deep.npy", Npy.BuildRaw(header, new byte[16]));
        FailsFast("deep.npy", "deep.npy", 10_000_000, "malformed .npy header", "nested more than 32 levels deep");
    }

    [Fact]
    public void Npy_header_nested_exactly_32_deep_still_parses_as_far_as_the_shape()
    {
        // 32 levels ({ plus 31 brackets) is allowed; the shape is then simply not a tuple of integers.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + new string('[', 31) + new string(']', 31) + "}";
        Dir.File("d32.npy", Npy.BuildRaw(header, new byte[16]));
        Fails("d32.npy", "d32.npy", "'shape' must be a tuple");
        var deeper = "{'descr': '<f4', 'fortran_order': False, 'shape': " + new string('[', 32) + new string(']', 32) + "}";
        Dir.File("d33.npy", Npy.BuildRaw(deeper, new byte[16]));
        Fails("d33.npy", "d33.npy", "nested more than 32");
    }

    [Theory]
    [InlineData(900_000_000L)]
    [InlineData(1_900_000_000L)]
    public void Npy_v2_header_claiming_a_gigabyte_is_refused_before_it_is_read(long claimed)
    {
        var head = Npy.BuildRaw(Npy.Header("<f4", [4]), Le.F32(1, 2, 3, 4), major: 2, headerLengthOverride: claimed);
        Sparse("big.npy", head, 12 + claimed + 64);
        FailsFast("big.npy", "big.npy", 1_000_000, $"header length {claimed}", "exceeds the 1048576-byte limit");
    }

    [Fact]
    public void Npy_header_just_under_the_cap_is_read()
    {
        var header = Npy.Header("<f4", [4]).TrimEnd('}') + "'pad': '" + new string('p', 900_000) + "', }";
        Dir.File("padded.npy", Npy.BuildRaw(header, Le.F32(1, 2, 3, 4), major: 2));
        Assert.Equal([1f, 2, 3, 4], Load("padded.npy").Vector);
    }

    [Fact]
    public void Fortran_npy_of_2_by_2_pow_24_is_refused_by_width_before_reading()
    {
        const long cols = 1 << 24;
        var head = Npy.BuildRaw(Npy.Header("<f4", [2, cols], fortran: true), []);
        Sparse("f.npy", head, head.Length + 2 * cols * 4);
        FailsFast("f.npy#1", "f.npy", 1_000_000, "vector width 16777216 does not match width 4");
    }

    [Fact]
    public void Fortran_npy_of_the_right_width_still_reads_its_row()
    {
        // [[1, 2, 3, 4], [5, 6, 7, 8]] stored column-major: 1 5 2 6 3 7 4 8.
        Dir.File("f.npy", Npy.Build("<f4", [2, 4], Le.F32(1, 5, 2, 6, 3, 7, 4, 8), fortran: true));
        Assert.Equal([5f, 6, 7, 8], Load("f.npy#1").Vector);
    }

    private static string Numbers(int count)
    {
        var sb = new StringBuilder(count * 2);
        for (int i = 0; i < count; i++) sb.Append(i == 0 ? "1" : ",1");
        return sb.ToString();
    }

    [Fact]
    public void Json_of_ten_million_numbers_stops_at_the_width()
    {
        Dir.File("many.json", $"{{\"hook\": \"{Resid}\", \"vector\": [{Numbers(10_000_000)}]}}");
        FailsFast("many.json", "many.json", 5_000_000, "\"vector\" has more than 4 numbers", Resid);
        // Same with @HOOK in the spec, and for a row of "vectors".
        FailsFast("many.json@" + Resid, "many.json", 5_000_000, "has more than 4 numbers");
        Dir.File("rows.json", $"{{\"hook_point\": \"{Resid}\", \"vectors\": [[{Numbers(10_000_000)}]]}}");
        FailsFast("rows.json@" + Resid, "rows.json", 5_000_000, "\"vectors\"[0] has more than 4 numbers");
    }

    [Fact]
    public void Json_of_ten_million_numbers_before_its_hook_is_still_bounded()
    {
        // The hook comes after the vector: the vector is read against the default hook's width, the rest is skipped.
        Dir.File("late.json", $"{{\"vector\": [{Numbers(10_000_000)}], \"hook\": \"{Resid}\"}}");
        var clock = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Fails("late.json", "late.json", "has more than 4 numbers");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
        // Newtonsoft boxes each number it tokenizes (24 bytes); nothing is kept.
        Assert.True(allocated < 600_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Json_hook_after_a_vector_wider_than_the_default_is_read_in_a_second_pass()
    {
        var v = Enumerable.Range(1, 16).Select(i => (float)i).ToArray();
        Dir.File("wide.json", $"{{\"vector\": [{string.Join(",", v)}], \"hook\": \"{Mlp}\"}}");
        var d = Load("wide.json"); // default hook: Resid, width 4
        Assert.Equal(Mlp, d.Hook);
        Assert.Equal(v, d.Vector);
        Dir.File("wideset.json", $"{{\"vectors\": [[1,2,3,4], [{string.Join(",", v)}]], \"config\": {{\"hook_name\": \"{Mlp}\"}}}}");
        Assert.Equal(v, Load("wideset.json#1").Vector);
    }

    [Fact]
    public void Json_over_64_megabytes_is_refused_by_size()
    {
        Sparse("fat.json", "{\"vector\": ["u8.ToArray(), (64L << 20) + 1);
        FailsFast("fat.json", "fat.json", 1_000_000, "67,108,865 bytes", "limit", "67,108,864");
    }

    [Fact]
    public void Sparse_two_gigabyte_json_reports_no_overflowed_position()
    {
        Sparse("huge.json", "{\"vector\": ["u8.ToArray(), (2L << 30) + 10);
        var e = FailsFast("huge.json", "huge.json", 1_000_000, "limit");
        Assert.DoesNotContain("-2147483648", e.Message);
        Assert.DoesNotContain("position -", e.Message);
    }

    [Fact]
    public void Neuron_index_of_ten_to_the_twelfth_is_out_of_range()
    {
        var e = Fails("neuron:blocks.3.mlp.hook_post:1000000000000", "neuron:", "neuron index 1000000000000 is out of range 0..15");
        Assert.DoesNotContain("not a non-negative integer", e.Message);
        Fails("neuron:blocks.3.mlp.hook_post:99999999999999999999999", "neuron:", "neuron index 99999999999999999999999 is out of range 0..15");
    }

    [Fact]
    public void Leading_zeros_in_a_neuron_index_are_fine()
    {
        Assert.Equal(15, Load("neuron:blocks.3.mlp.hook_post:0015").NeuronIndex ?? -1);
    }

    [Fact]
    public void Hook_of_ten_thousand_characters_is_echoed_once_and_cut()
    {
        var hook = "blocks." + new string('h', 10_000);
        var e = Fails($"neuron:{hook}:1", "neuron:blocks.", "unknown hook");
        Assert.True(e.Message.Length < 1_000, $"{e.Message.Length} characters");
        Assert.Contains("…", e.Message);
        Dir.File("v.json", $"{{\"hook\": \"{hook}\", \"vector\": [1,2,3,4]}}");
        var f = Fails("v.json", "v.json", "unknown hook");
        Assert.True(f.Message.Length < 1_000, $"{f.Message.Length} characters");
        var g = Fails("v.json@" + hook, "v.json", "unknown hook");
        Assert.True(g.Message.Length < 1_000, $"{g.Message.Length} characters");
    }

    [Fact]
    public void Long_selector_and_long_spec_are_cut()
    {
        Dir.File("a.npy", Npy.Build("<f4", [4], Le.F32(1, 2, 3, 4)));
        var e = Fails("a.npy#" + new string('[', 5_000), "a.npy", "bad selector", "…");
        Assert.True(e.Message.Length < 400, $"{e.Message.Length} characters");
        var missing = new string('m', 3_000) + ".npy";
        var m = Assert.Throws<DirectionLoadException>(() => Load(missing));
        Assert.True(m.Message.Length < 1_000, $"{m.Message.Length} characters");
        Assert.EndsWith(".npy)", m.Message);
    }

    // --- 10: never quote the file ---

    [Theory]
    [InlineData("§§§ not json")]
    [InlineData("{\"vector\": [1, 2, §]}")]
    [InlineData("{\"a\": {\"b§§\": {\"c\": [1, §]}}, \"vector\": [1,2,3,4]}")]
    [InlineData("{\"vector\": [1, 2, 3, 4], \"§§key\" 5}")]
    public void Json_syntax_errors_do_not_quote_the_file(string json)
    {
        Dir.File("w.json", json);
        var e = Fails("w.json", "w.json", "bad JSON");
        Assert.DoesNotContain("§", e.Message);
        Assert.DoesNotContain("Path '", e.Message);
        Assert.DoesNotContain("b§§", e.Message);
    }

    [Fact]
    public void Json_values_are_not_quoted()
    {
        Dir.File("k.json", "{\"vector\": [1,2,3,4], \"kind\": \"secret-kind-§\"}");
        var e = Fails("k.json", "k.json", "\"kind\" must be \"projection\" or \"probe\"");
        Assert.DoesNotContain("secret", e.Message);
        Dir.File("e.json", "{\"vector\": [1, \"secret-§\", 3, 4]}");
        Assert.DoesNotContain("secret", Fails("e.json", "e.json", "element 1", "not a number").Message);
    }

    [Fact]
    public void Npy_headers_are_not_quoted()
    {
        Dir.File("a.npy", Npy.BuildRaw("{'descr': 'secret§', 'fortran_order': False, 'shape': (4,), }", new byte[16]));
        Assert.DoesNotContain("secret", Fails("a.npy", "a.npy", "unsupported dtype", "expected float16").Message);
        Dir.File("b.npy", Npy.BuildRaw("{'descr': '<f4', 'fortran_order': secretword, 'shape': (4,), }", new byte[16]));
        Assert.DoesNotContain("secret", Fails("b.npy", "b.npy", "malformed").Message);
        Dir.File("c.npy", Npy.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (§4,), }", new byte[16]));
        Assert.DoesNotContain("§", Fails("c.npy", "c.npy", "malformed", "unexpected character").Message);
        Dir.File("d.npy", Npy.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", new byte[16]));
        Assert.DoesNotContain("9999999999", Fails("d.npy", "d.npy", "malformed", "integer out of range").Message);
    }

    [Fact]
    public void Safetensors_headers_are_not_quoted()
    {
        Dir.File("a.safetensors", Safetensors.BuildRaw("{\"secret§key\": 5}", []));
        Assert.DoesNotContain("secret", Fails("a.safetensors", "a.safetensors", "entry 1", "not an object").Message);
        Dir.File("b.safetensors", Safetensors.BuildRaw("{\"w\": {\"dtype\": \"SECRET§\", \"shape\": [4], \"data_offsets\": [0, 16]}}", new byte[16]));
        Assert.DoesNotContain("SECRET", Fails("b.safetensors", "b.safetensors", "unsupported dtype").Message);
        Dir.File("c.safetensors", Safetensors.BuildRaw("{\"secret\": §}", []));
        var c = Fails("c.safetensors", "c.safetensors", "bad safetensors header JSON");
        Assert.DoesNotContain("secret", c.Message);
        Assert.DoesNotContain("§", c.Message);
        // Odd tensor names are listed by position, plain ones by name.
        Dir.File("d.safetensors", new Safetensors().Add("se\u001bcret§", "F32", [4], Le.F32(1, 2, 3, 4)).Add("w", "F32", [4], Le.F32(1, 2, 3, 4)).Build());
        var d = Fails("d.safetensors#nope", "d.safetensors", "no tensor named 'nope'", "'w' [4]", "number 1 [4]");
        Assert.DoesNotContain("cret", d.Message);
    }

    // --- regular files only, and cancellation ---

    [Fact]
    public void Symlink_to_dev_zero_is_refused_for_every_format()
    {
        foreach (var name in new[] { "z.json", "z.npy", "z.safetensors" })
        {
            File.CreateSymbolicLink(Path.Combine(Dir.Path, name), "/dev/zero");
            FailsFast(name, name, 1_000_000, "character device", "/dev/zero", "not a regular file");
        }
    }

    [Fact]
    public void Cfg_json_that_is_a_link_to_dev_zero_is_refused()
    {
        var sae = Path.Combine(Dir.Path, "sae");
        Directory.CreateDirectory(sae);
        File.WriteAllBytes(Path.Combine(sae, "sae_weights.safetensors"), new Safetensors().Add("W_dec", "F32", [1, 4], Le.F32(1, 2, 3, 4)).Build());
        File.CreateSymbolicLink(Path.Combine(sae, "cfg.json"), "/dev/zero");
        FailsFast("sae#0", "cfg.json", 1_000_000, "character device");
    }

    [Fact]
    public void A_cancelled_token_stops_every_reader()
    {
        Dir.File("v.json", "{\"vector\": [1,2,3,4]}");
        Dir.File("v.npy", Npy.Build("<f4", [4], Le.F32(1, 2, 3, 4)));
        Dir.File("v.safetensors", new Safetensors().Add("w", "F32", [4], Le.F32(1, 2, 3, 4)).Build());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        foreach (var spec in new[] { "v.json", "v.npy", "v.safetensors" })
            Assert.ThrowsAny<OperationCanceledException>(() => DirectionSpecParser.Load(spec, Width, Resid, Dir.Path, cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => InterpLsp.Interp.Text.TextChecks.ReadFile(Dir.File("t.txt", "hello"), cancellationToken: cts.Token));
    }

    [Fact]
    public void Cancelling_during_a_read_stops_it()
    {
        // The width lookup happens after the header and before the data: cancel there, and the read must stop.
        var v = string.Join(",", Enumerable.Repeat("1", 100_000));
        Dir.File("long.json", $"{{\"hook\": \"big\", \"vector\": [{v}]}}");
        Dir.File("long.npy", Npy.Build("<f4", [100_000], new byte[400_000]));
        foreach (var spec in new[] { "long.json", "long.npy@big" })
        {
            using var cts = new CancellationTokenSource();
            int Cancel(string hook) { cts.Cancel(); return 100_000; }
            Assert.ThrowsAny<OperationCanceledException>(() => DirectionSpecParser.Load(spec, Cancel, Resid, Dir.Path, cts.Token));
        }
    }

    [Fact]
    public void Regular_files_through_a_symlink_still_load()
    {
        var target = Dir.File("real.npy", Npy.Build("<f4", [4], Le.F32(1, 2, 3, 4)));
        File.CreateSymbolicLink(Path.Combine(Dir.Path, "link.npy"), target);
        Assert.Equal([1f, 2, 3, 4], Load("link.npy").Vector);
    }
}
