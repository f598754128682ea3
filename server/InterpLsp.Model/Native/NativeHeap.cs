using System.Runtime.InteropServices;

namespace InterpLsp.Model.Native;

/// <summary>
/// Gives freed native memory back to the system. libtorch allocates each forward pass's tensors with glibc's
/// malloc; windows of varying lengths leave free holes inside the heap arenas that glibc keeps, so a
/// long-running server's resident memory creeps up. <c>malloc_trim(0)</c> releases those free pages (it costs
/// about a millisecond), so the inference queue calls it when it goes idle. A no-op where glibc is absent.
/// </summary>
public static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    public static void Trim()
    {
        if (_unavailable) return;
        try { MallocTrim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { _unavailable = true; }
    }
}
