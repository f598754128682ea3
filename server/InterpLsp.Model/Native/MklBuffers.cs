using System.Runtime.InteropServices;

namespace InterpLsp.Model.Native;

/// <summary>
/// The buffers of the MKL linked into libtorch: MKL's own allocator keeps the work buffers of its GEMM kernels (per
/// thread) after a call returns, outside malloc's arenas, so <c>malloc_trim</c> does not reach them. libtorch_cpu
/// exports MKL's service functions (<c>mkl_serv_mem_stat</c>, <c>mkl_serv_free_buffers</c>, as <c>mkl_mem_stat</c> and
/// <c>mkl_free_buffers</c> are named inside a static MKL); they are looked up only in an already loaded libtorch_cpu
/// (never loading it), and are absent (0 bytes, nothing freed) elsewhere.
/// </summary>
public static class MklBuffers
{
    private const int RtldLazy = 1, RtldNoload = 4;

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr DlOpen(string file, int mode);

    [DllImport("libc", EntryPoint = "dlsym")]
    private static extern IntPtr DlSym(IntPtr handle, string name);

    private static IntPtr _memStat, _freeBuffers;

    /// <summary>A symbol of the loaded libtorch_cpu, kept once found (each dlopen takes a reference; before libtorch
    /// loads there is none, and it is looked up again on the next call).</summary>
    private static IntPtr Symbol(ref IntPtr kept, string name)
    {
        if (kept != IntPtr.Zero) return kept;
        return kept = Lookup(name);
    }

    private static IntPtr Lookup(string name)
    {
        if (!OperatingSystem.IsLinux()) return IntPtr.Zero;
        try
        {
            var lib = DlOpen(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so"), RtldLazy | RtldNoload);
            return lib == IntPtr.Zero ? IntPtr.Zero : DlSym(lib, name);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return IntPtr.Zero; }
    }

    /// <summary>Bytes MKL's allocator holds now (in use and kept for reuse); 0 where libtorch's MKL is not loaded.</summary>
    public static unsafe long Bytes()
    {
        var f = Symbol(ref _memStat, "mkl_serv_mem_stat");
        if (f == IntPtr.Zero) return 0;
        int buffers;
        return ((delegate* unmanaged<int*, long>)f)(&buffers);
    }

    /// <summary>Frees the buffers MKL keeps for reuse. Call only while no MKL call runs (the model's queue idle).</summary>
    public static unsafe void Free()
    {
        var f = Symbol(ref _freeBuffers, "mkl_serv_free_buffers");
        if (f != IntPtr.Zero) ((delegate* unmanaged<void>)f)();
    }
}
