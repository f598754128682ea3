using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Handlers;

/// <summary>interp/tokenActivations: each token of the (visible) range with its values on the directions.</summary>
public sealed class TokenActivationsHandler(ServerSession session, ActivationQueries queries)
{
    public async Task<TokenActivationsResult> Handle(TokenActivationsParams p, CancellationToken ct)
    {
        var buffer = session.RequireDocument(p.TextDocument.Uri);
        if (p.Range is not null)
        {
            var (s, e) = (buffer.OffsetAt(p.Range.Start, session.Encoding), buffer.OffsetAt(p.Range.End, session.Encoding));
            session.Scheduler.SetVisible(buffer.Uri, (s, e));
        }
        else session.Scheduler.SetVisible(buffer.Uri, null);

        var (lines, a) = await queries.CurrentAsync(p.TextDocument.Uri, ct);
        var directions = queries.DirectionsFor(a, p.Directions);
        var projectors = directions.Select(session.Library.Projector).ToList();
        var values = projectors.Select(a.Values).ToList();
        var summaries = directions.Zip(projectors, (d, pr) =>
        {
            var dist = a.Distribution(pr);
            return new DirectionSummary
            {
                Id = d.Id,
                Name = d.Name,
                Scale = new DirectionScale { P01 = dist.Quantile(0.01), P50 = dist.Quantile(0.5), P99 = dist.Quantile(0.99), Max = dist.Max },
            };
        }).ToList();

        var (start, end) = queries.Span(lines, p.Range);
        var (first, last) = a.TokensIn(start, end);
        var tokens = new List<TokenActivation>(last - first);
        for (int i = first; i < last; i++)
        {
            var t = a.Tokens[i];
            tokens.Add(new TokenActivation
            {
                Range = queries.RangeOf(lines, t.Start, t.End),
                Text = a.Text[t.Start..t.End],
                Values = values.Select(v => v[i]).ToArray(),
            });
        }
        return new TokenActivationsResult { Version = a.Version, Hook = a.Hook, Directions = summaries, Tokens = tokens };
    }
}
