using System.Runtime.InteropServices;
using TorchSharp;

namespace InterpLsp.Model.Native;

/// <summary>How libtorch's threads are set, and why.</summary>
/// <param name="Cores">processors this process may run on (affinity and container limits: .NET's ProcessorCount)</param>
/// <param name="IntraOp">libtorch's intra-op threads (one per core)</param>
/// <param name="InterOp">libtorch's inter-op threads (1: the server runs one forward pass at a time)</param>
/// <param name="WaitPolicy">OpenMP's OMP_WAIT_POLICY as libtorch's OpenMP read it at load: "passive" (idle threads sleep
/// at once) unless the user's environment set it, "(set too late)" when libtorch was loaded before this was applied</param>
/// <param name="Malloc">glibc malloc's thresholds for libtorch's tensors (<see cref="MallocPolicy"/>)</param>
public sealed record ThreadPolicy(int Cores, int IntraOp, int InterOp, string WaitPolicy, string Malloc = "")
{
    public override string ToString() => $"{IntraOp} intra-op thread(s) for {Cores} core(s), {InterOp} inter-op, OpenMP wait policy {WaitPolicy}; malloc: {Malloc}";
}

/// <summary>
/// Chooses libtorch's threads from the cores available. By default OpenMP's idle threads spin for a while after each
/// parallel region; when the cores are shared (an editor, a browser and a build on a laptop) those spinning threads
/// take the time the working ones need, and the forward pass slows far more than the load alone explains. So, before
/// libtorch loads, OMP_WAIT_POLICY is set to PASSIVE (and KMP_BLOCKTIME to 0 for an Intel OpenMP) unless the user set
/// them; then intra-op threads = cores and one inter-op thread. Call <see cref="EnsureApplied"/> before the first
/// TorchSharp call (<see cref="MklShim.EnsureLoaded"/> does).
/// </summary>
public static class NativeThreads
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv(string name);

    private static readonly Lazy<ThreadPolicy> _policy = new(Apply);

    /// <summary>The policy in force (applying it on first use).</summary>
    public static ThreadPolicy Current => _policy.Value;

    public static void EnsureApplied() => _ = _policy.Value;

    private static ThreadPolicy Apply()
    {
        MallocPolicy.EnsureApplied();
        string wait = "default";
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var user = GetEnv("OMP_WAIT_POLICY") is var p && p != IntPtr.Zero ? Marshal.PtrToStringUTF8(p) : null;
                if (user is null)
                {
                    SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
                    SetEnv("KMP_BLOCKTIME", "0", 0);
                    wait = "passive";
                }
                else wait = user.ToLowerInvariant() + " (from the environment)";
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        int cores = Math.Max(1, Environment.ProcessorCount);
        torch.set_num_threads(cores);
        int interop = torch.get_num_interop_threads();
        try
        {
            torch.set_num_interop_threads(1);
            interop = 1;
        }
        catch (Exception) { } // libtorch refuses once inter-op work has started: keep what it has
        return new ThreadPolicy(cores, torch.get_num_threads(), interop, wait, MallocPolicy.State);
    }
}
