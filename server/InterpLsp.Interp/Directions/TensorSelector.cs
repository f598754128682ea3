using System.Globalization;
using System.Text.RegularExpressions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// The part of a spec after '#': <c>ROW</c>, <c>[ROW]</c>, <c>NAME</c>, <c>NAME[ROW]</c> or <c>NAME[ROW,ROW,...]</c>.
/// NAME is a safetensors tensor name (or <c>feature</c> for SAE features); ROW is a 0-based row of a 2-D array.
/// A list of rows (only for <c>#feature[...]</c>) is in <see cref="Rows"/>, with <see cref="Row"/> null.
/// </summary>
public sealed partial record TensorSelector(string? Name, int? Row)
{
    public static readonly TensorSelector None = new(null, null);

    /// <summary>The rows of a comma list <c>NAME[3,17]</c> (two or more); null otherwise.</summary>
    public IReadOnlyList<int>? Rows { get; init; }

    public bool IsEmpty => Name is null && Row is null && Rows is null;

    public override string ToString() => (Name ?? "") + (Rows is { } list ? $"[{string.Join(",", list)}]"
        : Row is int r ? (Name is null ? $"{r}" : $"[{r}]") : "");

    public static TensorSelector Parse(string origin, string? text)
    {
        if (string.IsNullOrEmpty(text)) return None;
        var m = Syntax().Match(text);
        if (!m.Success)
            throw new DirectionLoadException(origin, $"bad selector '#{Echo.Input(text)}'; expected #ROW, #NAME or #NAME[ROW]");

        string? name = m.Groups["name"].Success && m.Groups["name"].Value.Length > 0 ? m.Groups["name"].Value : null;
        var rowText = m.Groups["row"].Success ? m.Groups["row"].Value : m.Groups["bare"].Success ? m.Groups["bare"].Value : null;
        if (rowText is null) return new TensorSelector(name, null);
        if (name is not null && rowText.Contains(','))
        {
            var parts = rowText.Split(',');
            if (parts.Length > SaeLensFolder.MaxChosenFeatures)
                throw new DirectionLoadException(origin, $"{parts.Length} rows in '#{Echo.Input(text)}'; at most {SaeLensFolder.MaxChosenFeatures}");
            return new TensorSelector(name, null) { Rows = parts.Select(p => RowIndex(origin, text, p.Trim())).ToArray() };
        }
        return new TensorSelector(name, RowIndex(origin, text, rowText));
    }

    private static int RowIndex(string origin, string text, string rowText)
    {
        if (!int.TryParse(rowText, NumberStyles.None, CultureInfo.InvariantCulture, out var row))
            throw new DirectionLoadException(origin, rowText.Length > 0 && rowText.All(char.IsAsciiDigit)
                ? $"row index {Echo.Input(rowText.TrimStart('0'))} is too large (at most {int.MaxValue})"
                : $"bad row index '{Echo.Input(rowText)}' in '#{Echo.Input(text)}'; expected a non-negative integer");
        return row;
    }

    [GeneratedRegex(@"^(?:(?<bare>\d+)|(?<name>[^\[\]]*)(?:\[(?<row>[^\[\]]*)\])?)$")]
    private static partial Regex Syntax();
}
