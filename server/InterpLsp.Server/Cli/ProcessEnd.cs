using System.Runtime.InteropServices;

namespace InterpLsp.Server.Cli;

/// <summary>
/// How the process ends once its verb (or the language server) is done. A verb that crashes while shutting down
/// cannot be trusted by a script that checks exit codes, and that crash was seen here: the kernel logged
/// <c>dotnet: segfault ... in libtorch_cpu.so</c> at offset 0x1c7936b, which is the lookup in <c>at::Context</c>'s
/// float32-precision table that every CPU matmul makes, on a thread other than the main one. libtorch's global
/// context is a C++ static: <c>exit()</c> destroys it on the main thread while any other thread that is still inside
/// a torch call (an OpenMP or MKL worker, the inference thread, a thread-pool task) reads the freed table.
/// So the process ends in this order: the engine's inference thread is stopped and joined; pending .NET finalizers
/// (TorchSharp and ONNX Runtime handles) run to completion, so none is mid-call later; stdout and stderr are
/// flushed; and the process leaves with <c>_exit</c>, which skips the native static destructors (libtorch's,
/// MKL's, ONNX Runtime's) whose only work is to free memory the kernel reclaims anyway. Every file the verbs write
/// is already flushed and closed (atomic writes sync before their rename; SQLite connections are not pooled).
/// </summary>
public static class ProcessEnd
{
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void NativeExit(int status);

    /// <summary>
    /// SIGTERM and SIGINT end the process at once, with 128 + the signal's number (143, 130), through <c>_exit</c> as
    /// <see cref="Finish"/> does: a scan or an explanation stops where it is (its checkpoint lets the next run continue,
    /// as after <c>kill -9</c>) and writes no result, since every file is written beside its name and renamed into
    /// place. Without this, a verb would go on to the end and write its result after being told to stop (a Slurm task
    /// cancelled with scancel did), because System.CommandLine's own handling only cancels a token that a synchronous
    /// action never sees. Keep the registrations alive for the life of the process.
    /// </summary>
    public static IReadOnlyList<PosixSignalRegistration> StopOnTermination() =>
    [
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, 15)),
        PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, 2)),
    ];

    private static void Stop(PosixSignalContext context, int number)
    {
        context.Cancel = true; // the runtime's own shutdown would run native static destructors under working threads
        try
        {
            Console.Error.WriteLine($"interp-lsp: stopped by {context.Signal}; nothing unfinished was written (a scan or an explanation continues from its checkpoint next time)");
            Console.Error.Flush();
        }
        catch (IOException) { }
        if (OperatingSystem.IsLinux()) NativeExit(128 + number);
        else Environment.Exit(128 + number);
    }

    /// <summary>Ends the process with <paramref name="code"/> (on Linux; elsewhere returns it for Main to return).</summary>
    public static int Finish(int code)
    {
        try
        {
            ModelHost.Stop();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"interp-lsp: warning: while shutting down: {e.GetType().Name}: {e.Message}");
        }
        try { Console.Out.Flush(); Console.Error.Flush(); }
        catch (IOException) { } // the reader of a pipe is gone: nothing more can be said to it
        if (OperatingSystem.IsLinux()) NativeExit(code);
        return code;
    }
}
