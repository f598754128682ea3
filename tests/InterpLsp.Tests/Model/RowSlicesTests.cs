using InterpLsp.Model.Benchmarks;
using InterpLsp.Model.Hooks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace InterpLsp.Tests.Model;

/// <summary>The recorder's per-row copy (<see cref="RowSlices"/>): each batch row's asked-for positions, straight from the
/// tensor's memory, equal to slicing the whole batch's copy; positions outside a row and a tensor of another batch size
/// are refused by name.</summary>
public sealed class RowSlicesTests
{
    [Fact]
    public void Each_row_gets_its_positions_as_the_whole_batchs_copy_has_them()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(7);
        var x = randn(new long[] { 3, 6, 4 }, generator: g);
        var whole = ActivationRecorder.ToArray(x);
        var slices = new RowSlices([1, 0, 2], [4, 6, 0]);
        var rows = slices.Copy(x);
        Assert.Equal(3, rows.Length);
        for (int i = 0; i < 3; i++)
        {
            var expected = whole.AsSpan((i * 6 + slices.Skip[i]) * 4, slices.Count[i] * 4).ToArray();
            Assert.Equal(expected, rows[i]); // the same floats, bit for bit: a copy, no arithmetic
        }
        // A view that is not contiguous (positions reversed) is copied as its values read.
        var flipped = x.flip(1);
        var back = new RowSlices([0, 0, 0], [6, 6, 6]).Copy(flipped);
        Assert.Equal(ActivationRecorder.ToArray(flipped), back.SelectMany(r => r).ToArray());
    }

    [Fact]
    public void Positions_outside_a_row_or_another_batch_size_are_refused()
    {
        using var scope = NewDisposeScope();
        var x = zeros(2, 5, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RowSlices([1, 2], [4, 4]).Copy(x));
        Assert.Contains("row 1: positions 2..6 outside its 5", e.Message);
        var b = Assert.Throws<ArgumentException>(() => new RowSlices([0], [5]).Copy(x));
        Assert.Contains("expected a [1, tokens, width] tensor, got [2, 5, 3]", b.Message);
    }

    [Fact]
    public void Minor_faults_are_counted_when_fresh_pages_are_touched()
    {
        long before = Timing.MinorFaults();
        Assert.True(before > 0, "a running process has faulted pages in");
        // A fresh 16 MB anonymous mapping, one write a page: at least half of its 4,096 pages fault (the kernel may map
        // a few ahead).
        using var map = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateNew(null, 16 << 20);
        using var view = map.CreateViewAccessor();
        for (long i = 0; i < 16 << 20; i += 4096) view.Write(i, (byte)1);
        Assert.True(Timing.MinorFaults() - before >= 2048, $"{Timing.MinorFaults() - before} faults");
    }
}
