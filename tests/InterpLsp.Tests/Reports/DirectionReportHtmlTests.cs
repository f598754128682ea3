using System.Text.RegularExpressions;
using InterpLsp.Analysis.Reports;

namespace InterpLsp.Tests.Reports;

public sealed class DirectionReportHtmlTests
{
    private static DirectionReport Sample(string hostile = "<script>alert(1)</script>") => new(
        new ReportDirection("temp " + hostile, "library:temp", "probe", "blocks.3.hook_resid_post", "embedded:all-MiniLM-L6-v2", 384, "abc123", null, "logistic"),
        new ReportProbe("logistic", "mean", 0.95, 0.98, 0.94, 0.41, 160, 40, new[] { "small data " + hostile }, "ff00"),
        new ReportScan("default:wordnet-3.1", 20000, 250000, 0.3, 0.1, -2, 5,
            new[] { ("p50", 0.1), ("p99", 3.0) }, "within 1% relative",
            new ReportHistogram(new double[] { -2, -1, 0, 1, 2, 3, 4, 5 }, new long[] { 5, 50, 1000, 300, 30, 3, 1 }),
            new[] { new ReportExample(new[] { "it", "was", hostile, "##ly", "hot" }, 4, 5f, "notes.txt:120", "/tmp/ws/notes.txt", 120) },
            new[] { new ReportBin("bin 10 (p90-p100)", new[] { new ReportExample(new[] { "warm" }, 0, 2f, "n.1.def", null, null) }) },
            Array.Empty<ReportExample>(), new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)),
        new[] { new ReportSimilar("other", "library:other", 0.5) },
        new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Everything_from_files_and_names_is_escaped_and_the_page_has_no_script()
    {
        var html = DirectionReportHtml.Render(Sample());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public void The_histogram_has_one_bar_per_bin_and_examples_from_files_link_to_the_place()
    {
        var html = DirectionReportHtml.Render(Sample());
        Assert.Equal(7, Regex.Matches(html, "<rect ").Count);
        Assert.Contains("data-path=\"/tmp/ws/notes.txt\" data-offset=\"120\"", html);
        Assert.Contains("href=\"file:///tmp/ws/notes.txt\"", html);
        // the hit token is marked, word pieces are joined to their word
        Assert.Matches("<mark[^>]*>hot</mark>", html);
        Assert.Contains("&lt;/script&gt;ly", html);
        foreach (var k in new[] { "accuracy", "AUROC", "F1", "selectivity", "n_train 160", "n_test 40", "p99", "other" })
            Assert.Contains(k, html);
    }

    [Fact]
    public void A_direction_never_scanned_says_how_to_scan_it()
    {
        var r = Sample() with { Scan = null, Probe = null, Similar = Array.Empty<ReportSimilar>() };
        var html = DirectionReportHtml.Render(r);
        Assert.Contains("Not scanned yet", html);
        Assert.Contains("No other direction", html);
    }
}
