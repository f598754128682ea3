using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using InterpLsp.Analysis.Documents;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Runs;
using InterpLsp.Interp.Directions;
using InterpLsp.Library;

namespace InterpLsp.Lsp.Server;

/// <summary>
/// The session's parsed explanations, by direction content hash, so the hover card shows stored results without
/// parsing them again and never waits on computing one. Rules: a direction's entry is read from the library
/// (<see cref="ExplainRun.Stored"/>) the first time it is asked for; a found explanation is kept until
/// <c>interp.explain</c> stores a newer one (<see cref="Put"/>); "none stored" is remembered for
/// <see cref="RecheckNone"/> (an <c>interp-lsp explain</c> in a terminal is then seen); a stored result that cannot
/// be read is remembered as none, its problem logged once. The per-token unexplained shares of a document version
/// are memoised with the analysis (gone when it is).
/// </summary>
public sealed class ExplanationCache(ServerLog log)
{
    public static readonly TimeSpan RecheckNone = TimeSpan.FromSeconds(30);

    private sealed record Entry(ExplanationResult? Result, DateTime CheckedUtc);

    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DocumentAnalysis, ConcurrentDictionary<(string Hash, ExplanationResult Result), double[]?>> _shares = new();

    /// <summary>The stored explanation of <paramref name="d"/>, or null when none is (or no library is open).</summary>
    public ExplanationResult? Get(DirectionLibrary? library, Direction d)
    {
        if (_byHash.TryGetValue(d.Hash, out var e) && (e.Result is not null || DateTime.UtcNow - e.CheckedUtc < RecheckNone)) return e.Result;
        if (library is null) return null;
        ExplanationResult? r;
        try
        {
            r = ExplainRun.Stored(library, d, out var problem);
            if (problem is not null && e is null) log.Error($"stored explanation of {d.Name}: {problem}");
        }
        catch (LibraryException x)
        {
            log.Error($"stored explanation of {d.Name}: {x.Message}");
            r = null;
        }
        _byHash[d.Hash] = new Entry(r, DateTime.UtcNow);
        return r;
    }

    /// <summary>Keeps a result <c>interp.explain</c> just computed (and stored) for its direction.</summary>
    public void Put(Direction d, ExplanationResult result) => _byHash[d.Hash] = new Entry(result, DateTime.UtcNow);

    /// <summary>The unexplained share of each token of <paramref name="a"/> under <paramref name="result"/> (memoised per
    /// analysis); null when computing them failed (logged once per analysis).</summary>
    public double[]? UnexplainedShares(DocumentAnalysis a, Direction d, ExplanationResult result, Func<double[]> compute)
    {
        var memo = _shares.GetValue(a, _ => new());
        return memo.GetOrAdd((d.Hash, result), _ =>
        {
            try { return compute(); }
            catch (Exception x) when (x is not OutOfMemoryException)
            {
                log.Error($"unexplained share of {d.Name} in {a.Uri}: {x.GetType().Name}: {x.Message}");
                return null;
            }
        });
    }
}
