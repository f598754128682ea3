using Newtonsoft.Json;

namespace InterpLsp.Lsp.Protocol;

/// <summary>
/// LSP <c>Range</c>: <see cref="Start"/> is inclusive, <see cref="End"/> exclusive.
/// </summary>
/// <remarks>
/// The name clashes with <see cref="System.Range"/> (ImplicitUsings imports System), so code
/// outside this namespace should alias it: <c>using Range = InterpLsp.Lsp.Protocol.Range;</c>.
/// </remarks>
public sealed record Range(
    [property: JsonProperty("start")] Position Start,
    [property: JsonProperty("end")] Position End)
{
    public override string ToString() => $"[{Start}-{End})";
}
