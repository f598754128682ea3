using InterpLsp.Interp.Activations;
using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/tokenActivations: each token of the (visible) range with its values on the directions.</summary>
public sealed class TokenActivationsEndpoint(ServerSession session)
    : Endpoint<TokenActivationsParams, TokenActivationsResult>(session, InterpProtocol.TokenActivations)
{
    private readonly ActivationQueries queries = new(session);

    protected override async Task<TokenActivationsResult> HandleAsync(TokenActivationsParams p, CancellationToken ct)
    {
        var buffer = Session.RequireDocument(p.TextDocument?.Uri);
        if (p.Range is { Start: not null, End: not null } r)
            Session.Engine.SetVisible(buffer.Uri, (buffer.OffsetAt(r.Start, Session.Encoding), buffer.OffsetAt(r.End, Session.Encoding)));
        else Session.Engine.SetVisible(buffer.Uri, null);

        var (lines, a) = await queries.CurrentAsync(buffer.Uri, ct);
        var directions = queries.DirectionsFor(a, p.Directions);
        var projectors = directions.Select(Session.Engine.Projector).ToList();
        var values = projectors.Select(a.Values).ToList();
        var summaries = directions.Zip(projectors, (d, pr) =>
        {
            var (dist, basis) = Session.Engine.DistributionFor(a, pr);
            return new DirectionSummary
            {
                Id = d.Id,
                Name = d.Name,
                Scale = new DirectionScale
                {
                    P01 = dist.Quantile(0.01), P50 = dist.Quantile(0.5), P99 = dist.Quantile(0.99), Max = dist.Max,
                    Paint = PaintRule.Scale(dist),
                    Basis = basis,
                },
            };
        }).ToList();

        var (start, end) = queries.Span(lines, p.Range);
        var (first, last) = a.TokensIn(start, end);
        var tokens = new List<TokenActivation>(last - first);
        for (int i = first; i < last; i++)
        {
            var t = a.Tokens[i];
            var v = new float[values.Count];
            for (int k = 0; k < v.Length; k++) v[k] = values[k][i];
            tokens.Add(new TokenActivation { Range = queries.RangeOf(lines, t.Start, t.End), Text = a.Text[t.Start..t.End], Values = v });
        }
        return new TokenActivationsResult { Version = a.Version, Model = a.ModelId, Hook = a.Hook, Directions = summaries, Tokens = tokens };
    }
}
