using InterpLsp.Interp.Activations;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Range = InterpLsp.Lsp.Protocol.Range;

namespace InterpLsp.Lsp.Handlers;

/// <summary>
/// Standard semantic tokens as an editor-agnostic view of the active direction: each painted token (by the
/// one <see cref="PaintRule"/>) gets the type activationPositive or activationNegative and one modifier
/// level1..level8.
/// </summary>
public sealed class SemanticTokensHandler(ServerSession session, ActivationQueries queries)
{
    public Task<SemanticTokens> Full(SemanticTokensParams p, CancellationToken ct) => Compute(p.TextDocument?.Uri, null, ct);

    public Task<SemanticTokens> Range(SemanticTokensRangeParams p, CancellationToken ct) => Compute(p.TextDocument?.Uri, p.Range, ct);

    private async Task<SemanticTokens> Compute(string? uri, Range? range, CancellationToken ct)
    {
        var (lines, a) = await queries.CurrentAsync(uri, ct);
        var active = queries.DirectionsFor(a, null);
        if (active.Count == 0) return new SemanticTokens { Data = Array.Empty<int>() };
        var projector = session.Engine.Projector(active[0]);
        var values = a.Values(projector);
        float scale = PaintRule.Scale(session.Engine.DistributionFor(a, projector).Distribution);
        double threshold = session.Engine.Selection.Threshold;

        var (start, end) = queries.Span(lines, range);
        var (first, last) = a.TokensIn(start, end);
        var data = new List<int>();
        int prevLine = 0, prevChar = 0;
        for (int i = first; i < last; i++)
        {
            int level = PaintRule.Level(values[i], scale, threshold);
            if (level == 0) continue;
            var t = a.Tokens[i];
            var r = queries.RangeOf(lines, t.Start, t.End);
            if (r.Start.Line != r.End.Line) continue; // tokens never span lines; be safe
            int dl = r.Start.Line - prevLine;
            int dc = dl == 0 ? r.Start.Character - prevChar : r.Start.Character;
            data.Add(dl);
            data.Add(dc);
            data.Add(r.End.Character - r.Start.Character);
            data.Add(values[i] >= 0 ? 0 : 1);
            data.Add(1 << (level - 1));
            prevLine = r.Start.Line;
            prevChar = r.Start.Character;
        }
        return new SemanticTokens { Data = data.ToArray() };
    }
}
