using System.Globalization;
using System.Text;
using InterpLsp.Analysis.Documents;
using InterpLsp.Analysis.Explain.Evidence;
using InterpLsp.Analysis.Explain.Results;
using InterpLsp.Analysis.Reports;
using InterpLsp.Analysis.Runs;
using InterpLsp.Interp.Directions;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using Newtonsoft.Json;

namespace InterpLsp.Lsp.Handlers;

/// <summary>textDocument/hover: a short Markdown card for the token under the cursor.</summary>
public sealed class HoverHandler(ServerSession session, ActivationQueries queries)
{
    public const int MaxDirectionsShown = 5;

    public async Task<Hover?> Handle(TextDocumentPositionParams p, CancellationToken ct)
    {
        if (p.Position is null) throw LspErrors.InvalidParams("position is missing");
        var (lines, a) = await queries.CurrentAsync(p.TextDocument?.Uri, ct);
        int offset = lines.OffsetAt(p.Position, session.Encoding);
        int i = a.TokenAt(offset);
        if (i < 0) return null;
        var t = a.Tokens[i];
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture,
            $"**“{Escape(a.Text[t.Start..t.End])}”** · token {i + 1} of {a.Tokens.Count} · characters {t.Start}–{t.End} · `{a.Hook}`\n\n");

        var engine = session.Engine;
        var active = engine.ActiveDirection;
        if (active is null)
            md.Append("No direction is loaded. Load one with the command `" + InterpProtocol.LoadDirection.Name + "` (a file, or `neuron:HOOK:INDEX`).\n\n");
        else if (active.Hook != a.Hook)
            md.Append(CultureInfo.InvariantCulture, $"The active direction **{Escape(active.Name)}** is at `{active.Hook}`, not at `{a.Hook}`.\n\n");
        else
        {
            var pr = engine.Projector(active);
            float v = a.Values(pr)[i];
            var (dist, basis) = engine.DistributionFor(a, pr);
            double pct = dist.Percentile(v);
            md.Append(CultureInfo.InvariantCulture,
                $"**{Escape(active.Name)}**: **{v:G4}** · {Ordinal(pct)} percentile of {(basis == "corpus" ? $"the scanned corpus ({dist.Count:N0} tokens)" : "this document")}\n\n");
            if (active.Sae is { } sae) md.Append(Escape(string.Join(" · ", sae.Describe(active.Hook)))).Append("\n\n");
            if (engine.ModelLoaded && engine.Logits.Of(engine.Model(), active) is { } effects)
                md.Append("Logit effects: promotes ")
                    .Append(string.Join(", ", effects.Promoted.Take(5).Select(t => "`" + Code(Analysis.Reports.DirectionReportHtml.Visible(t.Token)) + "`")))
                    .Append(" · suppresses ")
                    .Append(string.Join(", ", effects.Suppressed.Take(5).Select(t => "`" + Code(Analysis.Reports.DirectionReportHtml.Visible(t.Token)) + "`")))
                    .Append("\n\n");
        }

        var here = engine.Directions.All.Where(d => d.Hook == a.Hook)
            .Select(d =>
            {
                var pr = engine.Projector(d);
                float v = a.Values(pr)[i];
                var (dist, basis) = engine.DistributionFor(a, pr);
                return (Direction: d, Value: v, Percentile: dist.Percentile(v), Basis: basis);
            })
            .OrderByDescending(x => x.Percentile).ThenByDescending(x => x.Value)
            .Take(MaxDirectionsShown).ToList();
        if (here.Count > 1 || (here.Count == 1 && here[0].Direction.Id != active?.Id))
        {
            md.Append("| most active here | value | percentile |\n|---|---:|---:|\n");
            foreach (var x in here)
                md.Append(CultureInfo.InvariantCulture,
                    $"| [{Escape(x.Direction.Name)}]({CommandLink(InterpProtocol.SelectDirection.Name, x.Direction.Id)}) | {x.Value:G4} | {x.Percentile:F0} ({x.Basis}) |\n");
            md.Append('\n');
        }
        foreach (var x in here) Explanation(md, a, i, x.Direction, x.Value);
        if (here.Count > 0)
            md.Append(CultureInfo.InvariantCulture,
                $"[direction view]({CommandLink(InterpProtocol.DirectionView.Name, here[0].Direction.Id)}) · [details]({CommandLink(InterpProtocol.DirectionInfo.Name, here[0].Direction.Id)})\n");
        return new Hover
        {
            Contents = new MarkupContent { Kind = "markdown", Value = md.ToString() },
            Range = queries.RangeOf(lines, t.Start, t.End),
        };
    }

    /// <summary>Text inside a Markdown code span: backticks become a look-alike (a token may be one).</summary>
    private static string Code(string s) => s.Replace('`', '\u02cb');

    /// <summary>The direction's stored explanation, as far as this token goes (<see cref="ExplanationText.Card"/>: the
    /// verdict of the token's side, its best significant candidates with their primary scores, and this token's
    /// unexplained share). Only what is stored is shown (from the session's <see cref="ExplanationCache"/>): without
    /// one, a link that computes it.</summary>
    private void Explanation(StringBuilder md, DocumentAnalysis a, int token, Direction d, float value)
    {
        var result = session.Explanations.Get(session.Engine.Library, d);
        if (result is null)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"Candidate explanations of **{Escape(d.Name)}**: not computed yet · [explain it]({CommandLink(InterpProtocol.Explain.Name, d.Id)})\n\n");
            return;
        }
        md.Append(ExplanationText.Card(result, d.Name, value, Unexplained(a, token, d, result, value)).Markdown()).Append("\n\n");
    }

    /// <summary>This token's unexplained share (<see cref="ExplainRun.UnexplainedShares"/> over the document); null
    /// when it has none (NaN) or computing it failed (logged; the card is shown without it).</summary>
    private double? Unexplained(DocumentAnalysis a, int token, Direction d, ExplanationResult result, float value)
    {
        var engine = session.Engine;
        var shares = session.Explanations.UnexplainedShares(a, d, result, () =>
        {
            var starts = a.Tokens.Select(t => t.Start).ToArray();
            var ends = a.Tokens.Select(t => t.End).ToArray();
            var table = TokenTable.Build([(a.Uri, a.Text, starts, ends)]);
            return ExplainRun.UnexplainedShares(engine, result, table, a.Values(engine.Projector(d)));
        });
        if (shares is null || token >= shares.Length || !double.IsFinite(shares[token])) return null;
        return shares[token];
    }

    /// <summary>A <c>command:</c> URI whose query is the URL-encoded JSON array of arguments (VS Code's form).</summary>
    public static string CommandLink(string command, params object[] args) =>
        $"command:{command}?{Uri.EscapeDataString(JsonConvert.SerializeObject(args))}";

    private static string Ordinal(double pct)
    {
        int n = (int)Math.Round(pct);
        string suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return $"{n}{suffix}";
    }

    private static string Escape(string s) => ReportText.Escape(s);
}
