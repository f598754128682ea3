using System.Globalization;
using System.Text.RegularExpressions;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// The part of a spec after '#': <c>ROW</c>, <c>[ROW]</c>, <c>NAME</c> or <c>NAME[ROW]</c>.
/// NAME is a safetensors tensor name; ROW is a 0-based row of a 2-D array.
/// </summary>
public sealed partial record TensorSelector(string? Name, int? Row)
{
    public static readonly TensorSelector None = new(null, null);

    public bool IsEmpty => Name is null && Row is null;

    public override string ToString() => (Name ?? "") + (Row is int r ? (Name is null ? $"{r}" : $"[{r}]") : "");

    public static TensorSelector Parse(string origin, string? text)
    {
        if (string.IsNullOrEmpty(text)) return None;
        var m = Syntax().Match(text);
        if (!m.Success)
            throw new DirectionLoadException(origin, $"bad selector '#{Echo.Input(text)}'; expected #ROW, #NAME or #NAME[ROW]");

        string? name = m.Groups["name"].Success && m.Groups["name"].Value.Length > 0 ? m.Groups["name"].Value : null;
        var rowText = m.Groups["row"].Success ? m.Groups["row"].Value : m.Groups["bare"].Success ? m.Groups["bare"].Value : null;
        if (rowText is null) return new TensorSelector(name, null);
        if (!int.TryParse(rowText, NumberStyles.None, CultureInfo.InvariantCulture, out var row))
            throw new DirectionLoadException(origin, rowText.Length > 0 && rowText.All(char.IsAsciiDigit)
                ? $"row index {Echo.Input(rowText.TrimStart('0'))} is too large (at most {int.MaxValue})"
                : $"bad row index '{Echo.Input(rowText)}' in '#{Echo.Input(text)}'; expected a non-negative integer");
        return new TensorSelector(name, row);
    }

    [GeneratedRegex(@"^(?:(?<bare>\d+)|(?<name>[^\[\]]*)(?:\[(?<row>[^\[\]]*)\])?)$")]
    private static partial Regex Syntax();
}
