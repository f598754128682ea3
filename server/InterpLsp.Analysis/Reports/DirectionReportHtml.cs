using System.Globalization;
using System.Net;
using System.Text;

namespace InterpLsp.Analysis.Reports;

/// <summary>Renders a <see cref="DirectionReport"/> as one self-contained HTML page (inline CSS and SVG, no script,
/// nothing remote): the static report of <c>interp-lsp report</c> and the body of the VS Code direction view,
/// whose client adds only a click handler for <c>a[data-path]</c> (open the file at <c>data-offset</c>).</summary>
public static partial class DirectionReportHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(DirectionReport r)
    {
        var h = new StringBuilder();
        var d = r.Direction;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.Append("<title>").Append(E(d.Name)).Append(" — InterpLsp direction</title>");
        h.Append("<style>").Append(Css).Append("</style></head><body>\n");
        h.Append("<h1>").Append(E(d.Name)).Append("</h1>\n");
        h.Append("<p class=\"meta\">").Append(E(d.Kind)).Append(" at <code>").Append(E(d.Hook)).Append("</code> of <code>")
            .Append(E(d.Model)).Append("</code> · width ").Append(d.Width).Append(" · hash <code>").Append(E(d.Hash)).Append("</code>");
        if (d.Source is { Length: > 0 }) h.Append(" · from ").Append(E(d.Source));
        h.Append("</p>\n");
        if (d.MadeBy is { Length: > 0 }) h.Append("<p class=\"meta\">made by: ").Append(E(d.MadeBy)).Append("</p>\n");
        if (d.Reading is { Length: > 0 }) h.Append("<p class=\"meta\">").Append(E(d.Reading)).Append("</p>\n");

        if (r.Probe is { } p) Probe(h, p);
        if (r.Logits is { } lg) Logits(h, lg);
        if (r.Scan is { } s) Scan(h, s);
        else h.Append("<section><h2>Corpus scan</h2><p class=\"none\">Not scanned yet. Run <code>Interp: Scan Corpus</code> or <code>interp-lsp scan --direction ")
            .Append(E(d.Name)).Append("</code>.</p></section>\n");
        if (r.Hypothesis is { } hy) Hypothesis(h, hy, r.Explanation?.Result);
        if (r.Explanation is { } x) Explanation(h, x, r.Scan?.Max ?? 0, openThresholds: r.Hypothesis is not null);
        else h.Append("<section class=\"explain\" id=\"explanation\"><h2>Candidate explanations</h2><p class=\"none\">Not explained yet. Run <code>Interp: Explain Direction</code> or <code>interp-lsp explain ")
            .Append(E(d.Name)).Append("</code>.</p></section>\n");
        Similar(h, r.Similar);
        h.Append("<footer>InterpLsp report, ").Append(r.CreatedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv)).Append("</footer>\n");
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static void Probe(StringBuilder h, ReportProbe p)
    {
        h.Append("<section><h2>Probe report (held-out split)</h2><table class=\"kv\">");
        Row(h, "method", $"{p.Method} · pooling {p.Pooling}");
        Row(h, "accuracy", F(p.Accuracy));
        Row(h, "AUROC", F(p.Auroc));
        Row(h, "F1", F(p.F1));
        Row(h, "selectivity", $"{F(p.Selectivity)} (accuracy minus that of the same method on shuffled labels)");
        Row(h, "sizes", $"n_train {p.NTrain} · n_test {p.NTest}");
        if (p.DataHash is { } dh) Row(h, "data hash", dh);
        h.Append("</table>");
        foreach (var w in p.Warnings) h.Append("<p class=\"warn\">⚠ ").Append(E(w)).Append("</p>");
        h.Append("</section>\n");
    }

    private static void Scan(StringBuilder h, ReportScan s)
    {
        h.Append("<section><h2>Corpus scan</h2><p class=\"meta\">").Append(E(s.Corpus)).Append(" · ")
            .Append(s.Documents.ToString("N0", Inv)).Append(" texts · ").Append(s.Tokens.ToString("N0", Inv)).Append(" tokens · density (|value| &gt; 1e-6) ")
            .Append((100 * s.Density).ToString("F2", Inv)).Append("% · mean ").Append(G(s.Mean)).Append(" · min ").Append(G(s.Min))
            .Append(" · max ").Append(G(s.Max));
        if (s.ScannedUtc is { } t) h.Append(" · scanned ").Append(t.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv));
        h.Append("</p>\n");
        Histogram(h, s.Histogram);
        if (s.Quantiles.Count > 0)
        {
            h.Append("<table class=\"q\"><tr>");
            foreach (var (label, _) in s.Quantiles) h.Append("<th>").Append(E(label)).Append("</th>");
            h.Append("</tr><tr>");
            foreach (var (_, v) in s.Quantiles) h.Append("<td>").Append(G(v)).Append("</td>");
            h.Append("</tr></table><p class=\"meta\">quantiles ").Append(E(s.QuantileError)).Append("</p>\n");
        }
        h.Append("<h3>Top activations</h3>");
        Examples(h, s.Top, s.Max);
        if (s.QuantileBins.Count > 0)
        {
            h.Append("<h3>Quantile bins</h3>");
            foreach (var b in s.QuantileBins)
            {
                h.Append("<details><summary>").Append(E(b.Label)).Append(" (").Append(b.Examples.Count).Append(")</summary>");
                Examples(h, b.Examples, s.Max);
                h.Append("</details>");
            }
        }
        if (s.Random.Count > 0)
        {
            h.Append("<h3>Random contexts</h3>");
            Examples(h, s.Random, s.Max);
        }
        h.Append("</section>\n");
    }

    private static void Histogram(StringBuilder h, ReportHistogram hist)
    {
        if (hist.Counts.Count == 0) return;
        const int W = 640, H = 160, Pad = 28;
        long max = Math.Max(1, hist.Counts.Max());
        double lo = hist.Edges[0], hi = hist.Edges[^1];
        double span = hi > lo ? hi - lo : 1;
        double X(double v) => Pad + (v - lo) / span * (W - 2 * Pad);
        h.Append(Inv, $"<svg class=\"hist\" viewBox=\"0 0 {W} {H + 24}\" role=\"img\" aria-label=\"histogram of values\">");
        for (int i = 0; i < hist.Counts.Count; i++)
        {
            double x0 = X(hist.Edges[i]), x1 = X(hist.Edges[i + 1]);
            // log scale: heavy-tailed activations would otherwise show one bar
            double frac = hist.Counts[i] == 0 ? 0 : Math.Log(1 + hist.Counts[i]) / Math.Log(1 + max);
            double bh = frac * H;
            string cls = hist.Edges[i + 1] <= 0 ? "neg" : "pos";
            h.Append(Inv, $"<rect class=\"{cls}\" x=\"{x0:F1}\" y=\"{H - bh:F1}\" width=\"{Math.Max(0.5, x1 - x0 - 0.5):F1}\" height=\"{bh:F1}\">")
                .Append(Inv, $"<title>[{G(hist.Edges[i])}, {G(hist.Edges[i + 1])}): {hist.Counts[i]:N0}</title></rect>");
        }
        h.Append(Inv, $"<text x=\"{Pad}\" y=\"{H + 16}\">{E(G(lo))}</text>");
        h.Append(Inv, $"<text x=\"{W - Pad}\" y=\"{H + 16}\" text-anchor=\"end\">{E(G(hi))}</text>");
        if (lo < 0 && hi > 0) h.Append(Inv, $"<line class=\"zero\" x1=\"{X(0):F1}\" x2=\"{X(0):F1}\" y1=\"0\" y2=\"{H}\"/>");
        h.Append("</svg><p class=\"meta\">token counts on a log scale; ").Append(hist.Counts.Count).Append(" bins</p>\n");
    }

    private static void Examples(StringBuilder h, IReadOnlyList<ReportExample> xs, double max)
    {
        if (xs.Count == 0) { h.Append("<p class=\"none\">none</p>"); return; }
        h.Append("<table class=\"ex\">");
        foreach (var x in xs)
            ExampleRow(h, x.Value, x.DocumentKey, x.Path, x.Offset, () =>
            {
                for (int i = 0; i < x.Tokens.Count; i++)
                {
                    if (i > 0 && !x.Tokens[i].StartsWith("##", StringComparison.Ordinal)) h.Append(' ');
                    var tok = x.Tokens[i].StartsWith("##", StringComparison.Ordinal) ? x.Tokens[i][2..] : x.Tokens[i];
                    if (i == x.Hit) Mark(h, tok, x.Value, max);
                    else h.Append(E(tok));
                }
            });
        h.Append("</table>\n");
    }

    /// <summary>One example row: the value, the context (written by <paramref name="context"/>), and the document, a
    /// link to the place in its file when it has one (the client opens <c>a[data-path]</c> at <c>data-offset</c>).</summary>
    private static void ExampleRow(StringBuilder h, double value, string key, string? path, long? offset, Action context)
    {
        h.Append("<tr><td class=\"v\">").Append(G(value)).Append("</td><td class=\"ctx\">");
        context();
        h.Append("</td><td class=\"src\">");
        if (path is not null)
        {
            var uri = new Uri(path).AbsoluteUri;
            h.Append("<a href=\"").Append(E(uri)).Append("\" data-path=\"").Append(E(path)).Append("\" data-offset=\"")
                .Append(offset ?? 0).Append("\">").Append(E(key)).Append("</a>");
        }
        else h.Append(E(key));
        h.Append("</td></tr>");
    }

    /// <summary>The hit token, its background by its value (blue positive, red negative; alpha |value| / max, at least 0.15).</summary>
    private static void Mark(StringBuilder h, string token, double value, double max)
    {
        double a = max > 0 ? Math.Clamp(Math.Abs(value) / max, 0.15, 1) : 1;
        string rgb = value >= 0 ? "37,99,235" : "220,38,38";
        h.Append(Inv, $"<mark style=\"background:rgba({rgb},{a:F2})\">").Append(E(token)).Append("</mark>");
    }

    private static void Logits(StringBuilder h, ReportLogits l)
    {
        h.Append("<section><h2>Logit effects</h2><p class=\"meta\">The output tokens this direction promotes and suppresses most when written into the residual stream: W<sub>U</sub> · d through the final norm (its gain folded in; d centred for LayerNorm models), per unit of d.</p>");
        h.Append("<table class=\"kv\"><tr><th>promotes</th><th>logit</th><th>suppresses</th><th>logit</th></tr>");
        for (int i = 0; i < Math.Max(l.Promoted.Count, l.Suppressed.Count); i++)
        {
            h.Append("<tr>");
            foreach (var side in new[] { l.Promoted, l.Suppressed })
                if (i < side.Count) h.Append("<td><code>").Append(E(Visible(side[i].Token))).Append("</code></td><td>").Append(G(side[i].Value)).Append("</td>");
                else h.Append("<td></td><td></td>");
            h.Append("</tr>");
        }
        h.Append("</table>");
        if (l.NullSpace is { } n)
            h.Append("<p class=\"meta\">Entropy-neuron test (Stolfo et al. 2024): ").Append(F(100 * n.Share)).Append("% of d lies in the span of the unembedding's bottom ")
                .Append(n.K).Append(" singular vectors; random directions: ").Append(F(100 * n.RandomMean)).Append("% on average; d is at the ")
                .Append(n.Percentile.ToString("F0", Inv)).Append("th percentile of ").Append(n.RandomDraws).Append(" of them.</p>");
        h.Append("</section>\n");
    }

    /// <summary>A token with its spaces and line breaks made visible.</summary>
    public static string Visible(string token) => token.Replace(" ", "\u2423").Replace("\n", "\u21b5").Replace("\t", "\u2192");

    private static void Similar(StringBuilder h, IReadOnlyList<ReportSimilar> sim)
    {
        h.Append("<section><h2>Most similar directions in the library</h2>");
        if (sim.Count == 0) { h.Append("<p class=\"none\">No other direction at this hook in the library.</p></section>\n"); return; }
        h.Append("<table class=\"kv\"><tr><th>direction</th><th>cosine</th></tr>");
        foreach (var s in sim) h.Append("<tr><td>").Append(E(s.Name)).Append("</td><td>").Append(F(s.Cosine)).Append("</td></tr>");
        h.Append("</table></section>\n");
    }

    private static void Row(StringBuilder h, string k, string v) =>
        h.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(v)).Append("</td></tr>");

    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string F(double v) => double.IsFinite(v) ? v.ToString("F3", Inv) : "n/a";
    private static string G(double v) => ExplanationFormat.G(v);

    private const string Css =
        "body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;max-width:60em;color:#1f2328;background:#fff}" +
        "@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#58a6ff}}" +
        "h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #8884}" +
        "h3{font-size:1em;margin:1.2em 0 .4em}.meta{color:#888;margin:.2em 0}.none{color:#888;font-style:italic}" +
        ".warn{color:#b45309}table{border-collapse:collapse}td,th{padding:.15em .6em;text-align:left;vertical-align:top}" +
        ".kv th{font-weight:600}.q td,.q th{text-align:right;font-variant-numeric:tabular-nums}" +
        ".ex td.v{text-align:right;font-variant-numeric:tabular-nums;color:#888}.ex td.src{color:#888;font-size:.85em}" +
        ".ex td.ctx{font-family:ui-monospace,monospace;font-size:.92em}mark{color:inherit;border-radius:3px;padding:0 2px}" +
        "svg.hist{width:100%;max-width:640px;height:auto}svg.hist rect.pos{fill:#2563eb}svg.hist rect.neg{fill:#dc2626}" +
        "svg.hist text{font-size:11px;fill:#888}svg.hist line.zero{stroke:#888;stroke-dasharray:3 3}" +
        ".cand td.n{font-variant-numeric:tabular-nums;white-space:nowrap}.cand tr.sig td:first-child{font-weight:600}" +
        ".cand .field{color:#888;font-style:italic}.cand tr.mine td{background:#f59e0b2e}.hypothesis{border-left:3px solid #f59e0b;padding-left:.8em}.verdict{margin:.4em 0}.mode{margin:.6em 0 .6em 1em}" +
        "h4{font-size:.95em;margin:1em 0 .3em}details.rules{margin-top:1em}" +
        "footer{margin-top:2em;color:#888;font-size:.85em}";
}
