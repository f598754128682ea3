using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Model.Benchmarks;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Model;

[Collection(ModelCollection.Name)]
public class MemoryTests(ModelFixture fx)
{
    [Fact]
    public void A_thousand_activation_requests_keep_resident_memory_flat()
    {
        var d = DirectionSpecParser.Load("neuron:blocks.2.mlp.hook_post:5", h => fx.Model.GetHook(h).Width, null);
        const string text = "The kettle was warm, and the room slowly grew warmer as the evening went on.";
        void Request(int i) => Engines.Activations(fx.Model, text + " " + i, d);
        // The engine keeps each text's windows in its cache (128 MB by default): bounded small here, so that the first
        // 100 requests fill it and what follows measures a leak, not the cache filling up (run alone, the default cache
        // grew 115 MB over the 900 requests; run after other tests, it was already full).
        var cache = Engines.For(fx.Model).Cache;
        long saved = cache.MaxBytes;
        cache.MaxBytes = 2L * 1024 * 1024;
        try
        {
            for (int i = 0; i < 100; i++) Request(i);
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            double baseline = Timing.ResidentMegabytes();
            for (int i = 100; i < 1000; i++) Request(i);
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            double after = Timing.ResidentMegabytes();
            Assert.True(after <= baseline * 1.10, $"resident memory grew from {baseline:F0} MB to {after:F0} MB");
        }
        finally { cache.MaxBytes = saved; }
    }
}

[Collection(ModelCollection.Name)]
public class MklBuffersTests(ModelFixture fx)
{
    [Fact]
    public void MemoryRelease_frees_the_buffers_libtorchs_MKL_keeps_after_a_forward_pass()
    {
        // A 510-token window: its matrix products use MKL's packed-GEMM buffers, which MKL keeps for the next call.
        var ids = Enumerable.Range(0, 510).Select(i => 1000 + i % 2000).ToArray();
        string hook = InterpLsp.Model.Hooks.BertHooks.NormalizedResidPost.At(fx.Model.Info.Layers - 1);
        var before = fx.Model.Run([ids], [hook])[0][hook];
        long kept = InterpLsp.Model.Native.MklBuffers.Bytes();
        Assert.True(kept > 0, "MKL's allocator held nothing after a 510-token forward pass: its statistics are not reached");
        InterpLsp.Model.Native.MemoryRelease.Now();
        Assert.Equal(0, InterpLsp.Model.Native.MklBuffers.Bytes());
        // The model still runs after the release, with the same values.
        var after = fx.Model.Run([ids], [hook])[0][hook];
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i], 1e-5f);
    }
}

/// <summary>glibc's malloc statistics (<see cref="InterpLsp.Model.Native.MallocInfo"/>) see a block malloc'd and freed.</summary>
public class MallocInfoTests
{
    [Fact]
    public void A_256_MB_block_shows_in_malloc_s_figures_while_held_and_not_after()
    {
        if (!OperatingSystem.IsLinux()) return;
        const double Size = 256.0 * 1024 * 1024;
        var before = InterpLsp.Model.Native.MallocInfo.Bytes();
        Assert.True(before.InUse > 0, "mallinfo2 read nothing: glibc's statistics are not reached");
        nint p = System.Runtime.InteropServices.Marshal.AllocHGlobal((nint)Size); // malloc on Linux
        try
        {
            var held = InterpLsp.Model.Native.MallocInfo.Bytes();
            // A block this large is mapped on its own (above any mmap threshold glibc allows), or counted in use.
            Assert.True(held.InUse + held.Mapped - before.InUse - before.Mapped >= 0.75 * Size,
                $"malloc's figures grew by {(held.InUse + held.Mapped - before.InUse - before.Mapped) / 1048576:F0} MB for a 256 MB block");
        }
        finally { System.Runtime.InteropServices.Marshal.FreeHGlobal(p); }
        var after = InterpLsp.Model.Native.MallocInfo.Bytes();
        Assert.True(after.Mapped + after.InUse < before.Mapped + before.InUse + 0.25 * Size);
    }
}
