using InterpLsp.Interp.Directions;
namespace InterpLsp.Tests.Directions;

public class NpyReaderTests : LoaderTestBase
{
    private static readonly float[] Tricky = [0.1f, -0f, float.Epsilon, float.MaxValue];

    [Fact]
    public void Matches_bytes_numpy_writes()
    {
        // np.save(f, np.array([1, 2, 3, 4], dtype='<f4')) with format 1.0: 128-byte preamble, header length 0x76.
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }";
        var expected = new List<byte> { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00 };
        expected.AddRange(System.Text.Encoding.ASCII.GetBytes(header + new string(' ', 117 - header.Length) + "\n"));
        expected.AddRange(Le.F32(1, 2, 3, 4));

        var built = Npy.Build("<f4", [4], Le.F32(1, 2, 3, 4));
        Assert.Equal(expected.ToArray(), built);
        Dir.File("a.npy", built);
        Assert.Equal(new[] { 1f, 2, 3, 4 }, Load("a.npy").Vector);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void F4_1d_exact_in_every_format_version(int major)
    {
        Dir.File("a.npy", Npy.Build("<f4", [4], Le.F32(Tricky), major: major));
        var d = Load("a.npy");
        Assert.Equal(Tricky, d.Vector);
        Assert.True(float.IsNegative(d.Vector[1]));
        Assert.Equal("a", d.Name);
    }

    [Fact]
    public void F8_and_F2()
    {
        Dir.File("d.npy", Npy.Build("<f8", [4], Le.F64(0.1, -1.5, 1e-30, 65504)));
        Assert.Equal(new[] { 0.1f, -1.5f, 1e-30f, 65504f }, Load("d.npy").Vector);
        Dir.File("h.npy", Npy.Build("<f2", [4], Le.F16(0.5f, -2f, 65504f, 0.000061035156f)));
        Assert.Equal(new[] { 0.5f, -2f, 65504f, 0.000061035156f }, Load("h.npy").Vector);
    }

    [Fact]
    public void Version3_utf8_header()
    {
        var header = Npy.Header("<f4", [4]) + "     ";
        Dir.File("u.npy", Npy.BuildRaw(header, Le.F32(1, 2, 3, 4), major: 3));
        Assert.Equal(new[] { 1f, 2, 3, 4 }, Load("u.npy").Vector);
    }

    [Fact]
    public void Row_of_c_order_2d()
    {
        Dir.File("m.npy", Npy.Build("<f4", [3, 4], Le.F32(0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23)));
        Assert.Equal(new[] { 20f, 21, 22, 23 }, Load("m.npy#2").Vector);
        Assert.Equal(new[] { 10f, 11, 12, 13 }, Load("m.npy#[1]").Vector);
    }

    [Fact]
    public void Row_of_fortran_order_2d_is_transposed_correctly()
    {
        // Logical [[0,1,2,3],[10,11,12,13],[20,21,22,23]] stored column-major.
        Dir.File("f.npy", Npy.Build("<f8", [3, 4], Le.F64(0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23), fortran: true));
        Assert.Equal(new[] { 10f, 11, 12, 13 }, Load("f.npy#1").Vector);
        Assert.Equal(new[] { 20f, 21, 22, 23 }, Load("f.npy#2").Vector);
    }

    [Fact]
    public void Single_row_2d_needs_no_index()
    {
        Dir.File("r.npy", Npy.Build("<f4", [1, 4], Le.F32(1, 2, 3, 4)));
        Assert.Equal(new[] { 1f, 2, 3, 4 }, Load("r.npy").Vector);
    }

    [Fact]
    public void Two_d_without_row() => Bad("m.npy", Npy.Build("<f4", [2, 4], Le.F32(new float[8])), "2-D", "row index");

    [Fact]
    public void Row_out_of_range() => Bad("m.npy#2", Npy.Build("<f4", [2, 4], Le.F32(new float[8])), "row index 2", "2 rows");

    [Fact]
    public void Row_on_1d() => Bad("m.npy#0", Npy.Build("<f4", [4], Le.F32(1, 2, 3, 4)), "1-D", "does not apply");

    [Fact]
    public void Tensor_name_on_npy() => Bad("m.npy#W_dec[1]", Npy.Build("<f4", [4], Le.F32(1, 2, 3, 4)), "one array");

    [Fact]
    public void Rank_3() => Bad("m.npy", Npy.Build("<f4", [1, 1, 4], Le.F32(1, 2, 3, 4)), "3-D");

    [Fact]
    public void Scalar() => Bad("m.npy", Npy.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", Le.F32(1)), "0-D");

    [Fact]
    public void Big_endian() => Bad("m.npy", Npy.Build(">f4", [4], new byte[16]), "big-endian", ">f4");

    [Fact]
    public void Object_array() => Bad("m.npy", Npy.Build("|O", [4], new byte[32]), "object arrays");

    [Fact]
    public void Int_dtype() => Bad("m.npy", Npy.Build("<i4", [4], Le.I32(1, 2, 3, 4)), "unsupported dtype int32", "'<f4'");

    [Fact]
    public void Structured_dtype() =>
        Bad("m.npy", Npy.BuildRaw("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4,), }", new byte[16]), "structured");

    [Fact]
    public void Bad_magic() => Bad("m.npy", "NOTNUMPYxxxxxxxxxxxxxxxx"u8.ToArray(), "magic");

    [Fact]
    public void Unknown_version() => Bad("m.npy", Npy.BuildRaw(Npy.Header("<f4", [4]), Le.F32(1, 2, 3, 4), major: 4), "version 4.0");

    [Fact]
    public void Header_length_beyond_file() =>
        Bad("m.npy", Npy.BuildRaw(Npy.Header("<f4", [4]), [], headerLengthOverride: 60000), "header length 60000", "larger than the file");

    [Fact]
    public void Truncated_data() => Bad("m.npy", Npy.Build("<f4", [4], Le.F32(1, 2, 3)), "truncated", "needs");

    [Fact]
    public void Tiny_file() => Bad("m.npy", [0x93, (byte)'N'], "only 2 bytes");

    [Fact]
    public void Malformed_header_dict() => Bad("m.npy", Npy.BuildRaw("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (4,)}", Le.F32(1, 2, 3, 4)), "malformed");

    [Fact]
    public void Missing_header_key() => Bad("m.npy", Npy.BuildRaw("{'descr': '<f4', 'shape': (4,)}", Le.F32(1, 2, 3, 4)), "fortran_order");

    [Fact]
    public void Negative_shape() => Bad("m.npy", Npy.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (-4,)}", Le.F32(1, 2, 3, 4)), "shape");

    [Fact]
    public void Nan_in_npy() => Bad("m.npy", Npy.Build("<f4", [4], Le.F32(1, 2, 3, float.NaN)), "NaN at index 3");

    [Fact]
    public void Width_mismatch() => Bad("m.npy", Npy.Build("<f4", [5], Le.F32(1, 2, 3, 4, 5)), "width 5", "width 4");

    private void Bad(string spec, byte[] bytes, params string[] words)
    {
        var file = spec.Split('#')[0];
        Dir.File(file, bytes);
        Fails(spec, file, words);
    }
}
