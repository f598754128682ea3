using InterpLsp.Interp.Directions;
namespace InterpLsp.Tests.Directions;

public class SafetensorsReaderTests : LoaderTestBase
{
    private static readonly float[] V = [0.1f, -2.5f, 3.25f, 1e-20f];

    private static Safetensors Sae(int dSae = 3) => new Safetensors()
        .Add("W_enc", "F32", [4, dSae], Le.F32(new float[4 * dSae]))
        .Add("W_dec", "F32", [dSae, 4], Le.F32(Enumerable.Range(0, dSae * 4).Select(i => (float)(i / 4 * 10 + i % 4 + 1)).ToArray()))
        .Add("b_enc", "F32", [dSae], Le.F32(new float[dSae]))
        .Add("b_dec", "F32", [4], Le.F32(9, 9, 9, 9));

    [Fact]
    public void Named_1d_tensor_f32_exact()
    {
        Dir.File("p.safetensors", new Safetensors().Add("w", "F32", [4], Le.F32(V)).Add("other", "F32", [4], Le.F32(1, 1, 1, 1)).Build());
        var d = Load("p.safetensors#w");
        Assert.Equal(V, d.Vector);
        Assert.Equal("p#w", d.Name);
    }

    [Fact]
    public void Sole_1d_tensor_is_picked()
    {
        Dir.File("p.safetensors", new Safetensors().Add("m", "F32", [2, 4], Le.F32(new float[8])).Add("w", "F32", [4], Le.F32(V)).Build());
        Assert.Equal(V, Load("p.safetensors").Vector);
    }

    [Fact]
    public void F64_F16_BF16_decode_exactly()
    {
        Dir.File("t.safetensors", new Safetensors()
            .Add("d", "F64", [4], Le.F64(0.1, -2.5, 3.25, 1e-20))
            .Add("h", "F16", [4], Le.F16(0.5f, -2f, 65504f, 0.000061035156f))
            .Add("b", "BF16", [4], Le.BF16(1f, -3f, 0.15625f, 3.3895314e38f))
            .Build());
        Assert.Equal(V, Load("t.safetensors#d").Vector);
        Assert.Equal(new[] { 0.5f, -2f, 65504f, 0.000061035156f }, Load("t.safetensors#h").Vector);
        Assert.Equal(new[] { 1f, -3f, 0.15625f, 3.3895314e38f }, Load("t.safetensors#b").Vector);
    }

    [Theory]
    [InlineData("sae.safetensors#W_dec[2]")]
    [InlineData("sae.safetensors#2")]
    [InlineData("sae.safetensors#[2]")]
    public void W_dec_row(string spec)
    {
        Dir.File("sae.safetensors", Sae().Build());
        Assert.Equal(new[] { 21f, 22, 23, 24 }, Load(spec).Vector);
    }

    [Fact]
    public void W_dec_without_row_says_so() =>
        Bad("sae.safetensors", Sae().Build(), "W_dec [3, 4]", "#W_dec[ROW]");

    [Fact]
    public void W_dec_row_out_of_range() => Bad("sae.safetensors#W_dec[3]", Sae().Build(), "row index 3", "3 rows");

    [Fact]
    public void Metadata_hook_is_used()
    {
        Dir.File("p.safetensors", new Safetensors().Meta("hook_name", Mlp).Add("w", "F32", [16], Le.F32(Enumerable.Range(1, 16).Select(i => (float)i).ToArray())).Build());
        var d = Load("p.safetensors");
        Assert.Equal(Mlp, d.Hook);
        Assert.Equal(16f, d.Vector[15]);
    }

    [Fact]
    public void Unknown_tensor_name() => Bad("p.safetensors#nope", new Safetensors().Add("w", "F32", [4], Le.F32(V)).Build(), "no tensor named 'nope'", "'w' [4]");

    [Fact]
    public void Ambiguous_tensors() =>
        Bad("p.safetensors", new Safetensors().Add("a", "F32", [4], Le.F32(V)).Add("b", "F32", [4], Le.F32(V)).Build(), "cannot tell", "#NAME");

    [Fact]
    public void No_tensors() => Bad("p.safetensors", Safetensors.BuildRaw("{}", []), "no tensors");

    [Fact]
    public void Unsupported_dtype() => Bad("p.safetensors#i", new Safetensors().Add("i", "I32", [4], Le.I32(1, 2, 3, 4)).Build(), "unsupported dtype I32");

    [Fact]
    public void Rank_3() => Bad("p.safetensors#x", new Safetensors().Add("x", "F32", [1, 1, 4], Le.F32(V)).Build(), "3-D");

    [Fact]
    public void Row_on_1d() => Bad("p.safetensors#w[0]", new Safetensors().Add("w", "F32", [4], Le.F32(V)).Build(), "1-D", "does not apply");

    [Fact]
    public void Too_short_for_header_length() => Bad("p.safetensors", [1, 2, 3], "too short");

    [Fact]
    public void Header_length_larger_than_file() =>
        Bad("p.safetensors", Safetensors.BuildRaw("{}", [], headerLengthOverride: 1UL << 40), "header length 1099511627776", "larger than the file");

    [Fact]
    public void Truncated_header_json() => Bad("p.safetensors", Safetensors.BuildRaw("{\"w\":{\"dtype\":\"F32\",", []), "JSON");

    [Fact]
    public void Header_not_object() => Bad("p.safetensors", Safetensors.BuildRaw("[1,2]", []), "not an object");

    [Fact]
    public void Data_offsets_out_of_range() =>
        Bad("p.safetensors", Safetensors.BuildRaw("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", new byte[8]), "data_offsets [0, 16]", "out of range", "8 bytes");

    [Fact]
    public void Data_offsets_reversed() =>
        Bad("p.safetensors", Safetensors.BuildRaw("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}""", new byte[16]), "out of range");

    [Fact]
    public void Byte_count_disagrees_with_shape() =>
        Bad("p.safetensors", Safetensors.BuildRaw("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,12]}}""", new byte[16]), "12 bytes", "needs 16");

    [Fact]
    public void Missing_shape() =>
        Bad("p.safetensors", Safetensors.BuildRaw("""{"w":{"dtype":"F32","data_offsets":[0,16]}}""", new byte[16]), "'shape'");

    [Fact]
    public void Infinity_in_bf16() =>
        Bad("p.safetensors", new Safetensors().Add("w", "BF16", [4], Le.BF16(1, float.PositiveInfinity, 0, 0)).Build(), "+infinity at index 1");

    [Fact]
    public void Zero_vector() => Bad("p.safetensors", new Safetensors().Add("w", "F16", [4], Le.F16(0, 0, 0, 0)).Build(), "all zeros");

    [Fact]
    public void Reads_a_row_from_a_large_sparse_file_without_loading_it()
    {
        // W_dec [65536, 4096] F32 = 1 GiB of (sparse) data; only the header and one 16 KiB row are read.
        const long rows = 65536, cols = 4096;
        var header = $"{{\"W_dec\":{{\"dtype\":\"F32\",\"shape\":[{rows},{cols}],\"data_offsets\":[0,{rows * cols * 4}]}}}}";
        var path = Dir.File("big.safetensors", Safetensors.BuildRaw(header, []));
        long dataStart = new FileInfo(path).Length;
        var row = Enumerable.Range(0, (int)cols).Select(i => (float)(i % 7 - 3)).ToArray();
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            fs.SetLength(dataStart + rows * cols * 4);
            fs.Position = dataStart + 60000L * cols * 4;
            fs.Write(Le.F32(row));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var d = DirectionSpecParser.Load("big.safetensors#W_dec[60000]", _ => (int)cols, "blocks.0.hook_resid_post", Dir.Path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(row, d.Vector);
        Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes");
    }

    private void Bad(string spec, byte[] bytes, params string[] words)
    {
        var file = spec.Split('#')[0];
        Dir.File(file, bytes);
        Fails(spec, file, words);
    }
}
