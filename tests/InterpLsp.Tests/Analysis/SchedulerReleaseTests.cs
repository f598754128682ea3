using System.Diagnostics;
using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Engine;
using InterpLsp.Analysis.Scheduling;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Analysis;

/// <summary>The idle queue gives background work's memory back once it has stayed idle for its release delay, not in
/// the short gaps between the jobs of one explanation (a compacting collection there stops every thread).</summary>
[Collection(ModelCollection.Name)]
public class SchedulerReleaseTests(ModelFixture fx)
{
    [Fact]
    public async Task Background_works_memory_goes_back_once_after_the_queue_stays_idle_for_the_delay_not_between_jobs()
    {
        var registry = new ModelRegistry().AddEmbedded(() => fx.Model);
        using var s = new AnalysisScheduler(registry, new WindowCache(1 << 20),
            new AnalysisTarget(ModelRegistry.EmbeddedMiniLmId, InterpEngine.DefaultHook), _ => { });
        // Generous against a loaded machine: the gaps below would have to stall for seconds to reach it.
        s.ReleaseDelay = TimeSpan.FromSeconds(3);
        int steps = 0;
        for (int i = 0; i < 6; i++)
        {
            await s.RunInBackground(new BackgroundJob($"job {i}", (_, _) => { steps++; return true; }, CancellationToken.None));
            await Task.Delay(50); // the queue goes idle for a moment between jobs
        }
        Assert.Equal(6, steps);
        Assert.Equal(0, s.BackgroundReleases);
        var sinceLastJob = Stopwatch.StartNew();
        while (s.BackgroundReleases == 0 && sinceLastJob.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
        Assert.Equal(1, s.BackgroundReleases);
        // Not before the delay (less the 50 ms this test waited after the job and its scheduling slack).
        Assert.True(sinceLastJob.Elapsed >= TimeSpan.FromSeconds(2.5), $"released {sinceLastJob.Elapsed.TotalSeconds:F2} s after the last job");
        // Once: nothing ran since, so nothing more to give back.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(1, s.BackgroundReleases);
    }
}
