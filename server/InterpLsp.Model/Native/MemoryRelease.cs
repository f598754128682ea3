using System.Runtime;
using System.Runtime.InteropServices;

namespace InterpLsp.Model.Native;

/// <summary>
/// Gives memory back to the system once heavy work is done: a compacting full garbage collection (the managed arrays
/// of a scan or an explanation), then glibc's <c>malloc_trim(0)</c>, which returns the free pages of every malloc arena
/// (libtorch's CPU tensors of 510-token windows are malloc'd and freed; glibc keeps the freed memory in its arenas
/// and the process's resident memory stays at its peak until it is trimmed), after the work buffers that the MKL inside
/// libtorch keeps for its next matrix product (<see cref="MklBuffers"/>; 18-34 MB after a bench here). Costs tens of
/// milliseconds: call it when idle (no forward pass running), not per request.
/// </summary>
public static class MemoryRelease
{
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    public static void Now()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (!OperatingSystem.IsLinux()) return;
        MklBuffers.Free();
        try { MallocTrim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { } // not glibc (musl): nothing to trim
    }
}
