using InterpLsp.Interp.Directions;
using InterpLsp.Library;
using InterpLsp.Library.Storage;
using static InterpLsp.Tests.Library.LibraryTestData;
using InterpLsp.Interp.IO;

namespace InterpLsp.Tests.Library;

/// <summary>The library's API on a real SQLite database and real vector files in a temporary folder.</summary>
public class DirectionLibraryTests
{
    private static void AssertSame(Direction expected, Direction actual)
    {
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Hook, actual.Hook);
        Assert.Equal(expected.ModelId, actual.ModelId);
        Assert.Equal(expected.DeclaredModel, actual.DeclaredModel);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Bias, actual.Bias);
        Assert.Equal(expected.Scale, actual.Scale);
        Assert.Equal(expected.NeuronIndex, actual.NeuronIndex);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Vector, actual.Vector); // bit-identical floats
    }

    [Fact]
    public void Every_kind_round_trips_with_every_field_and_the_same_hash()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var all = new[] { Projection(1), Probe(2), Neuron(17), SaeFeature(3) };
        var names = all.Select(d => lib.Put(d, null, new MadeBy("test"))).ToList();
        Assert.Equal(["d", "probe", "neuron 17", "sae-5"], names);
        for (int i = 0; i < all.Length; i++)
        {
            var back = lib.Get(names[i]);
            AssertSame(all[i], back);
            Assert.Equal("library:" + names[i], back.Id);
            Assert.Equal(names[i], back.Name);
        }
        var sae = lib.Get("sae-5").Sae!;
        var want = all[3].Sae!;
        Assert.Equal(want.Architecture, sae.Architecture);
        Assert.Equal(want.FeatureIndex, sae.FeatureIndex);
        Assert.Equal(want.EncoderBias, sae.EncoderBias);
        Assert.Equal(want.TopK, sae.TopK);
        Assert.Equal(want.Normalization, sae.Normalization);
        Assert.Equal(want.EncoderRow, sae.EncoderRow);
        Assert.Equal(want.InputBias, sae.InputBias);
        Assert.Equal(want.AllEncoder, sae.AllEncoder);
        Assert.Equal(want.AllEncoderBias, sae.AllEncoderBias);
    }

    [Fact]
    public void Reopened_library_still_holds_everything()
    {
        using var tmp = new TempFolder();
        var d = SaeFeature(9);
        using (var lib = DirectionLibrary.Open(tmp.Interp)) lib.Put(d, "kept", new MadeBy("import:test", "abc", "{\"auroc\":0.9}"));
        using var again = DirectionLibrary.Open(tmp.Interp);
        AssertSame(d, again.Get("kept"));
        var e = Assert.Single(again.List());
        Assert.Equal(("kept", Hook, ModelId, Width, DirectionKind.SaeFeature, d.Hash), (e.Name, e.Hook, e.ModelId, e.Width, e.Kind, e.Hash));
        Assert.Equal(new MadeBy("import:test", "abc", "{\"auroc\":0.9}"), e.MadeBy);
        Assert.True((DateTime.UtcNow - e.CreatedUtc).Duration() < TimeSpan.FromMinutes(5));
        Assert.Equal(DateTimeKind.Utc, e.CreatedUtc.Kind);
    }

    [Fact]
    public void Taken_names_get_a_number_and_rename_delete_and_tags_work()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        Assert.Equal("x", lib.Put(Projection(1), "x", MadeBy.Unknown));
        Assert.Equal("x-2", lib.Put(Projection(2), "x", MadeBy.Unknown));
        Assert.Equal("x-3", lib.Put(Projection(3), "x", MadeBy.Unknown));

        lib.Rename("x-2", "second");
        Assert.Equal(Projection(2).Hash, lib.Get("second").Hash);
        Assert.Null(lib.TryGet("x-2"));
        var taken = Assert.Throws<LibraryException>(() => lib.Rename("second", "x"));
        Assert.Contains("taken", taken.Message);

        lib.Tag("x", "emotion"); lib.Tag("x", "alpha"); lib.Tag("x", "alpha");
        Assert.Equal(["alpha", "emotion"], lib.Entry("x")!.Tags);
        lib.Untag("x", "alpha");
        Assert.Equal(["emotion"], lib.Entry("x")!.Tags);

        var file = Path.Combine(lib.VectorsFolder, Projection(3).Hash + ".safetensors");
        Assert.True(File.Exists(file));
        lib.Delete("x-3");
        Assert.False(File.Exists(file));
        Assert.Equal(["x", "second"], lib.List().Select(e => e.Name));
        var missing = Assert.Throws<LibraryException>(() => lib.Get("secnd"));
        Assert.Contains("similar: second", missing.Message);
    }

    [Fact]
    public void Deleting_one_of_two_directions_with_one_vector_keeps_the_file()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        lib.Put(Projection(4), "a", MadeBy.Unknown);
        lib.Put(Projection(4), "b", MadeBy.Unknown);
        lib.Delete("a");
        Assert.Equal(Projection(4).Hash, lib.Get("b").Hash);
    }

    [Fact]
    public void Compare_is_the_cosine_of_the_vectors()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var a = Vector(1); var b = Vector(2);
        lib.Put(Projection(1), "a", MadeBy.Unknown);
        lib.Put(Projection(2), "b", MadeBy.Unknown);
        lib.Put(new Direction("t", "neg", Hook, a.Select(x => -2 * x).ToArray(), DirectionKind.Projection) { ModelId = ModelId }, "neg", MadeBy.Unknown);
        var m = lib.Compare(["a", "b", "neg"]);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < Width; i++) { dot += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        Assert.Equal(dot / Math.Sqrt(na * nb), m.Values[0][1], 1e-12);
        Assert.Equal(m.Values[0][1], m.Values[1][0], 1e-15);
        Assert.Equal(1.0, m.Values[0][0], 1e-12);
        Assert.Equal(-1.0, m.Values[0][2], 1e-12);
    }

    [Fact]
    public void Scans_are_stored_by_content_hash_and_the_latest_is_returned()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var d = Projection(5);
        lib.Put(d, "scanned", MadeBy.Unknown);
        Assert.Null(lib.LatestScan("scanned"));
        lib.PutScan(d.Hash, "default", "c1", Hook, "{\"n\":1}");
        lib.PutScan(d.Hash, "default", "c2", Hook, "{\"n\":2}");
        lib.PutScan(d.Hash, "folder", "c3", Hook, null, "/tmp/scan.json");
        Assert.Equal("/tmp/scan.json", lib.LatestScan("scanned")!.ResultPath);
        Assert.Equal("{\"n\":2}", lib.LatestScan(d.Hash, corpusHash: "c2")!.ResultJson);
        Assert.Null(lib.LatestScan("scanned", hook: "blocks.0.hook_resid_post"));
        Assert.True(lib.Entry("scanned")!.HasScan);
        lib.Rename("scanned", "renamed");
        Assert.Equal("c3", lib.LatestScan("renamed")!.CorpusHash);
    }

    [Fact]
    public void The_sweep_removes_temporary_files_and_only_vector_files_this_database_wrote()
    {
        using var tmp = new TempFolder();
        string kept, ours;
        using (var lib = DirectionLibrary.Open(tmp.Interp))
        {
            lib.Put(Projection(6), "kept", MadeBy.Unknown);
            lib.Put(Projection(9), "gone", MadeBy.Unknown);
            kept = Path.Combine(lib.VectorsFolder, Projection(6).Hash + ".safetensors");
            ours = Path.Combine(lib.VectorsFolder, Projection(9).Hash + ".safetensors");
            // A busy writer keeps the delete from removing the file at once: it is left for the next sweep.
            using (VectorLock.Shared(lib.VectorsFolder, TimeSpan.FromSeconds(1))) lib.Delete("gone");
            Assert.True(File.Exists(ours));
        }
        var vectors = Path.Combine(tmp.Interp, DirectionLibrary.VectorsFolderName);
        var foreign = Path.Combine(vectors, "0123456789abcdef01234567.safetensors");
        VectorFile.Write(foreign, Projection(7));
        File.WriteAllText(Path.Combine(vectors, DurableFile.TempPrefix + "half-written"), "partial");
        using var again = DirectionLibrary.Open(tmp.Interp);
        Assert.Equal(2, again.SweptOnOpen);
        Assert.Equal(1, again.UnownedOnOpen);
        Assert.Equal(new[] { kept, foreign, Path.Combine(vectors, VectorLock.FileName) }.Order(StringComparer.Ordinal), Directory.GetFiles(vectors).Order(StringComparer.Ordinal));
        Assert.Equal(Projection(6).Hash, again.Get("kept").Hash);
    }

    [Fact]
    public void No_sweep_while_another_writer_holds_the_vector_lock()
    {
        using var tmp = new TempFolder();
        using (DirectionLibrary.Open(tmp.Interp)) { }
        var vectors = Path.Combine(tmp.Interp, DirectionLibrary.VectorsFolderName);
        var pending = Path.Combine(vectors, Projection(8).Hash + ".safetensors");
        using (VectorLock.Shared(vectors, TimeSpan.FromSeconds(1)))
        {
            VectorFile.Write(pending, Projection(8));
            Assert.Null(VectorLock.TryExclusive(vectors));
            using var other = DirectionLibrary.Open(tmp.Interp);
            Assert.Equal(0, other.SweptOnOpen);
            Assert.True(File.Exists(pending));
        }
        using var exclusive = VectorLock.TryExclusive(vectors);
        Assert.NotNull(exclusive);
    }

    [Fact]
    public void A_changed_vector_file_is_reported_not_served()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        lib.Put(Projection(10), "p", MadeBy.Unknown);
        var file = Path.Combine(lib.VectorsFolder, Projection(10).Hash + ".safetensors");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<LibraryException>(() => lib.Get("p"));
        Assert.Contains("does not match its stored hash", e.Message);
        File.WriteAllBytes(file, bytes[..20]);
        e = Assert.Throws<LibraryException>(() => lib.Get("p"));
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void Storing_a_direction_again_rewrites_a_damaged_vector_file_it_would_share()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        lib.Put(Projection(14), "first", MadeBy.Unknown);
        var file = Path.Combine(lib.VectorsFolder, Projection(14).Hash + ".safetensors");
        var bytes = File.ReadAllBytes(file);
        bytes[^4] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        Assert.Throws<LibraryException>(() => lib.Get("first"));
        lib.Put(Projection(14), "second", MadeBy.Unknown);
        Assert.Equal(Projection(14).Hash, lib.Get("first").Hash);
        Assert.Equal(Projection(14).Hash, lib.Get("second").Hash);
    }

    [Fact]
    public void Negative_zero_is_stored_bit_for_bit()
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        var plus = new float[Width]; plus[0] = 1;
        var minus = (float[])plus.Clone(); minus[1] = -0f;
        var a = new Direction("a", "a", Hook, plus, DirectionKind.Projection) { ModelId = ModelId };
        var b = new Direction("b", "b", Hook, minus, DirectionKind.Projection) { ModelId = ModelId };
        Assert.NotEqual(a.Hash, b.Hash);
        lib.Put(a, "plus", MadeBy.Unknown);
        lib.Put(b, "minus", MadeBy.Unknown);
        Assert.Equal(b.Hash, lib.Get("minus").Hash);
        Assert.True(float.IsNegative(lib.Get("minus").Vector[1]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("neuron:3")]
    [InlineData("two\nlines")]
    public void Bad_names_are_refused(string name)
    {
        using var tmp = new TempFolder();
        using var lib = DirectionLibrary.Open(tmp.Interp);
        Assert.Throws<ArgumentException>(() => lib.Put(Projection(1), name, MadeBy.Unknown));
        Assert.Empty(lib.List());
    }
}
