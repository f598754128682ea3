using System.Runtime.InteropServices;

namespace InterpLsp.Model.Native;

/// <summary>
/// glibc malloc's thresholds for libtorch's CPU tensors. libtorch mallocs and frees every intermediate of a forward pass
/// (a 512-token window's MLP activations are 3 MB, its attention scores 12.7 MB). glibc hands a block over
/// M_MMAP_THRESHOLD (128 KiB at start, raised as mapped blocks are freed) to mmap, and gives the top of its heap back
/// once more than M_TRIM_THRESHOLD is free there; either way the next forward pass touches fresh pages and faults them
/// in again. Measured with <c>bench --forward-only</c> on this 2-core machine, the same run's ONNX Runtime as the
/// reference: glibc's defaults gave forward_batch 0.81x, these thresholds 0.93-1.13x, forward_512 0.71-0.80x against
/// 0.79-0.87x; a trim threshold alone (the mmap threshold left at 128 KiB) gave 0.21x. So, before libtorch runs: mmap
/// only above 32 MiB (glibc's largest), trim only above 1 GiB. Memory still goes back when the server is idle:
/// <see cref="MemoryRelease"/>'s <c>malloc_trim(0)</c> ignores the trim threshold. Left alone when the user's
/// environment sets either (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, GLIBC_TUNABLES).
/// </summary>
public static class MallocPolicy
{
    public const int MmapThreshold = 32 << 20;
    public const int TrimThreshold = 1 << 30;
    private const int MTrimThreshold = -1, MMmapThreshold = -3;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);

    private static readonly Lazy<string> _state = new(Apply);

    /// <summary>What was done: "mmap above 32 MiB, trim above 1 GiB", "from the environment (...)", or why not.</summary>
    public static string State => _state.Value;

    public static void EnsureApplied() => _ = _state.Value;

    private static string Apply()
    {
        if (!OperatingSystem.IsLinux()) return "the platform's default (not Linux)";
        foreach (var name in new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 }) return $"from the environment ({name})";
        try
        {
            bool ok = MallOpt(MMmapThreshold, MmapThreshold) == 1 & MallOpt(MTrimThreshold, TrimThreshold) == 1;
            return ok ? $"mmap above {MmapThreshold >> 20} MiB, trim above {TrimThreshold >> 20} MiB" : "glibc's default (mallopt refused)";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "the C library's default (no mallopt: not glibc)";
        }
    }
}
