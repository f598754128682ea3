using System.Runtime.InteropServices;

namespace InterpLsp.Model.Native;

/// <summary>
/// Loads <c>libinterp-mkl-shim.so</c> (server/native/mkl-amd-shim.c) into the global symbol scope before
/// libtorch, so that libtorch's statically linked MKL uses the AVX-512/AVX2 kernels on AMD processors instead
/// of its generic path. Only on Linux x86-64 AMD CPUs; <c>INTERP_LSP_MKL_SHIM=0</c> turns it off.
/// </summary>
public static class MklShim
{
    private const int RtldNow = 2, RtldGlobal = 0x100;
    private static readonly Lazy<string> _state = new(Load);

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr DlOpen(string file, int mode);

    /// <summary>What happened: "loaded", "not needed (...)", "disabled", or "missing".</summary>
    public static string State => _state.Value;

    /// <summary>Call before the first TorchSharp call. Idempotent. Also applies the thread policy
    /// (<see cref="NativeThreads"/>), after the shim and before anything else of libtorch runs.</summary>
    public static void EnsureLoaded()
    {
        _ = _state.Value;
        NativeThreads.EnsureApplied();
    }

    private static string Load()
    {
        if (Environment.GetEnvironmentVariable("INTERP_LSP_MKL_SHIM") == "0") return "disabled";
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return "not needed (not Linux x86-64)";
        if (!IsAmd()) return "not needed (not an AMD CPU)";
        var path = Path.Combine(AppContext.BaseDirectory, "libinterp-mkl-shim.so");
        if (!File.Exists(path)) return "missing";
        try
        {
            return DlOpen(path, RtldNow | RtldGlobal) != IntPtr.Zero ? "loaded" : "failed to load";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "failed to load";
        }
    }

    private static bool IsAmd()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("vendor_id", StringComparison.Ordinal))
                    return line.Contains("AuthenticAMD", StringComparison.Ordinal);
        }
        catch (IOException) { }
        return false;
    }
}
