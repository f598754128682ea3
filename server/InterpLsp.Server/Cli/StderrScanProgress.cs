using InterpLsp.Analysis.Scans;

namespace InterpLsp.Server.Cli;

/// <summary>A scan's (or an explanation's) progress on stderr, one line per report: documents, tokens, tokens/s.</summary>
public sealed class StderrScanProgress : IProgress<ScanProgress>
{
    public void Report(ScanProgress p) => Console.Error.WriteLine($"interp-lsp: {p}");
}
