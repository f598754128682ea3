using InterpLsp.Analysis.Cache;
using InterpLsp.Analysis.Explain.Shipped;

namespace InterpLsp.Tests.Analysis;

public class UnusedResourcesTests
{
    [Fact]
    public void A_shipped_file_unused_for_the_age_is_given_back_and_read_again_on_its_next_use()
    {
        var dir = Directory.CreateTempSubdirectory("interp-unused-").FullName;
        try
        {
            var path = Path.Combine(dir, "data.txt");
            File.WriteAllText(path, "first");
            var registry = new UnusedResources();
            int reads = 0;
            var located = new ShippedFile<string>("data.txt", "INTERP_LSP_TEST_UNUSED_PATH", p => { reads++; return File.ReadAllText(p); }, "make it", registry);
            // not yet read: nothing to give back
            Assert.Empty(registry.ReleaseUnusedFor(TimeSpan.Zero));
            Environment.SetEnvironmentVariable("INTERP_LSP_TEST_UNUSED_PATH", path);
            try
            {
                Assert.Equal("first", located.Get(out var problem));
                Assert.Null(problem);
                Assert.Equal(1, reads);
                // used just now: kept for an hour's age, given back for zero
                Assert.Empty(registry.ReleaseUnusedFor(TimeSpan.FromHours(1)));
                Assert.Equal(new[] { "data.txt" }, registry.ReleaseUnusedFor(TimeSpan.Zero));
                Assert.Empty(registry.ReleaseUnusedFor(TimeSpan.Zero)); // once
                File.WriteAllText(path, "second");
                Assert.Equal("second", located.Get(out _));
                Assert.Equal(2, reads);
                Assert.Equal("second", located.Get(out _));
                Assert.Equal(2, reads); // kept again
            }
            finally { Environment.SetEnvironmentVariable("INTERP_LSP_TEST_UNUSED_PATH", null); }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_missing_file_stays_a_remembered_problem_not_a_resource()
    {
        var registry = new UnusedResources();
        var file = new ShippedFile<string>("absent.bin", "INTERP_LSP_TEST_ABSENT_" + Guid.NewGuid().ToString("N"), File.ReadAllText, "build it", registry);
        Assert.Null(file.Get(out var problem));
        Assert.Contains("absent.bin", problem);
        Assert.Empty(registry.ReleaseUnusedFor(TimeSpan.Zero));
        Assert.Null(file.Get(out problem));
        Assert.Contains("build it", problem);
    }
}
