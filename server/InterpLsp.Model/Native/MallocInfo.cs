using System.Runtime.InteropServices;

namespace InterpLsp.Model.Native;

/// <summary>
/// What glibc's malloc holds, summed over every arena (<c>mallinfo2</c>, glibc 2.33 and later): bytes in use, bytes
/// freed but kept in the arenas (resident until trimmed or reused: <see cref="MemoryRelease"/> trims them when idle),
/// and bytes in blocks of their own (mmap). Zero where it cannot be read (not glibc, an older glibc, not Linux).
/// </summary>
public static class MallocInfo
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 Read();

    /// <summary>(in use, free in the arenas, mmap'd blocks), bytes.</summary>
    public static (double InUse, double Free, double Mapped) Bytes()
    {
        if (!OperatingSystem.IsLinux()) return (0, 0, 0);
        try
        {
            var m = Read();
            return (m.Uordblks, m.Fordblks, m.Hblkhd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return (0, 0, 0); }
    }
}
