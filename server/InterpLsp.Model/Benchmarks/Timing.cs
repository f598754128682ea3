using System.Diagnostics;

namespace InterpLsp.Model.Benchmarks;

/// <summary>Medians of interleaved timings: machines here are noisy, so a comparison is only made between
/// two things measured in the same run, alternating.</summary>
public static class Timing
{
    /// <summary>Pause before each timed run: both runtimes' worker threads spin for a while after a parallel
    /// region, and would otherwise steal the cores from whichever runs next.</summary>
    public const int SettleMs = 25;

    public static double Seconds(Action action)
    {
        long faults = 0;
        return Seconds(action, ref faults);
    }

    /// <summary>Runs <paramref name="a"/> and <paramref name="b"/> alternately (after warm-up) and returns
    /// their median times in seconds.</summary>
    public static (double A, double B) InterleavedMedians(Action a, Action b, int runs, int warmup = 2)
    {
        var r = Interleaved(a, b, runs, warmup);
        return (r.A, r.B);
    }

    /// <summary><see cref="InterleavedMedians"/> with each side's mean minor page faults per run (pages touched for the
    /// first time: on this kind of virtual machine each costs about 17 µs, so a forward pass that touches fresh memory
    /// is slower than its arithmetic says).</summary>
    public static (double A, double B, double FaultsA, double FaultsB) Interleaved(Action a, Action b, int runs, int warmup = 2)
    {
        for (int i = 0; i < warmup; i++) { a(); b(); }
        var ta = new double[runs];
        var tb = new double[runs];
        long fa = 0, fb = 0;
        for (int i = 0; i < runs; i++)
        {
            // Alternate which goes first so that neither always runs on a warmer cache.
            if (i % 2 == 0) { ta[i] = Seconds(a, ref fa); tb[i] = Seconds(b, ref fb); }
            else { tb[i] = Seconds(b, ref fb); ta[i] = Seconds(a, ref fa); }
        }
        return (Median(ta), Median(tb), (double)fa / runs, (double)fb / runs);
    }

    private static double Seconds(Action action, ref long faults)
    {
        Thread.Sleep(SettleMs);
        long f0 = MinorFaults();
        var sw = Stopwatch.StartNew();
        action();
        double s = sw.Elapsed.TotalSeconds;
        faults += MinorFaults() - f0;
        return s;
    }

    /// <summary>The process's minor page faults so far (field 10 of /proc/self/stat); 0 where there is none.</summary>
    public static long MinorFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture); // minflt: field 10, the 8th after the name
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { return 0; }
    }

    public static double Median(IEnumerable<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    public static double ResidentMegabytes() => Status("VmRSS:") ?? WorkingSet();

    /// <summary>Where the resident memory is: anonymous pages (heaps: managed, malloc, libtorch), file pages (the
    /// libraries' code and mapped files), and the managed heap's committed and live bytes; MB.</summary>
    public static ResidentBreakdown Breakdown()
    {
        var gc = GC.GetGCMemoryInfo();
        var malloc = Native.MallocInfo.Bytes();
        const double Mb = 1024.0 * 1024.0;
        return new ResidentBreakdown(Status("RssAnon:") ?? double.NaN, Status("RssFile:") ?? double.NaN,
            gc.TotalCommittedBytes / Mb, gc.HeapSizeBytes / Mb, Native.MklBuffers.Bytes() / Mb,
            malloc.InUse / Mb, malloc.Free / Mb, malloc.Mapped / Mb);
    }

    /// <summary>The most resident memory this process has had (VmHWM on Linux; the working set's peak elsewhere).</summary>
    public static double PeakResidentMegabytes()
    {
        if (Status("VmHWM:") is double hwm) return hwm;
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>A kB field of /proc/self/status in MB, or null where there is none.</summary>
    private static double? Status(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return null;
    }

    private static double WorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64 / (1024.0 * 1024.0);
    }
}

/// <summary>Resident memory by kind (see <see cref="Timing.Breakdown"/>); <see cref="MklMb"/>: what MKL's own allocator
/// holds (<see cref="Native.MklBuffers"/>), part of the anonymous pages; the malloc figures: glibc's arenas, in use,
/// freed but kept (resident where touched), and blocks mapped on their own (<see cref="Native.MallocInfo"/>).</summary>
public sealed record ResidentBreakdown(double AnonMb, double FileMb, double ManagedCommittedMb, double ManagedHeapMb, double MklMb = 0,
    double MallocInUseMb = 0, double MallocFreeMb = 0, double MallocMappedMb = 0)
{
    public object Json() => new
    {
        anon_mb = Math.Round(AnonMb, 1),
        file_mb = Math.Round(FileMb, 1),
        managed_committed_mb = Math.Round(ManagedCommittedMb, 1),
        managed_heap_mb = Math.Round(ManagedHeapMb, 1),
        mkl_mb = Math.Round(MklMb, 1),
        malloc_in_use_mb = Math.Round(MallocInUseMb, 1),
        malloc_free_mb = Math.Round(MallocFreeMb, 1),
        malloc_mapped_mb = Math.Round(MallocMappedMb, 1),
    };

    public override string ToString() => $"anonymous {AnonMb:F0} MB, files {FileMb:F0} MB; managed heap {ManagedHeapMb:F0} MB of {ManagedCommittedMb:F0} committed; MKL's buffers {MklMb:F0} MB; malloc {MallocInUseMb:F0} MB in use, {MallocFreeMb:F0} MB free in its arenas, {MallocMappedMb:F0} MB mapped";
}
