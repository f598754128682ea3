using Newtonsoft.Json;

namespace InterpLsp.Lsp.Protocol;

/// <summary>
/// LSP <c>Position</c>: a zero-based line and a zero-based character offset within that line.
/// The unit of <see cref="Character"/> is the negotiated position encoding (UTF-16 code units
/// unless the client and server agreed on utf-8 or utf-32); see
/// <see cref="Documents.PositionEncoding"/>.
/// </summary>
public sealed record Position(
    [property: JsonProperty("line")] int Line,
    [property: JsonProperty("character")] int Character)
{
    public override string ToString() => $"{Line}:{Character}";
}
