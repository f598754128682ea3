using InterpLsp.Interp.IO;
namespace InterpLsp.Interp.Directions;

/// <summary>Checks a loaded vector against its hook and for values that make the direction meaningless.</summary>
internal static class DirectionValidator
{
    /// <summary>Calls <paramref name="widthOfHook"/>, turning its ArgumentException / KeyNotFoundException into a load error.</summary>
    public static int WidthOf(string origin, string hook, Func<string, int> widthOfHook)
    {
        try
        {
            return widthOfHook(hook);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            // The model's message quotes the hook (and may suggest names); quote the hook only once, cut to size.
            var why = Echo.Input(WithoutParamName(e.Message).Replace(hook, Echo.Input(hook), StringComparison.Ordinal), 400);
            throw new DirectionLoadException(origin,
                why.StartsWith("unknown hook", StringComparison.Ordinal) ? why : $"unknown hook '{Echo.Input(hook)}': {why}", e);
        }
    }

    private static string WithoutParamName(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\s*\(Parameter '[^']*'\)$", "");

    /// <summary>Refuses a vector of <paramref name="length"/> elements for a hook of another width (before its data is read).</summary>
    public static void CheckWidth(string origin, long length, string hook, int width)
    {
        if (length != width)
            throw new DirectionLoadException(origin, $"vector width {length} does not match width {width} of hook '{Echo.Input(hook)}'");
    }

    public static void Check(string origin, float[] vector, string hook, int width)
    {
        CheckWidth(origin, vector.Length, hook, width);
        for (int i = 0; i < vector.Length; i++)
        {
            if (float.IsNaN(vector[i]))
                throw new DirectionLoadException(origin, $"vector contains NaN at index {i}");
            if (float.IsInfinity(vector[i]))
                throw new DirectionLoadException(origin, $"vector contains {(vector[i] > 0 ? "+" : "-")}infinity at index {i}");
        }
        if (Array.TrueForAll(vector, v => v == 0))
            throw new DirectionLoadException(origin, "vector is all zeros, so its direction is undefined");
    }

    public static void CheckFinite(string origin, string what, float value)
    {
        if (!float.IsFinite(value))
            throw new DirectionLoadException(origin, $"{what} is {value}, not a finite number");
    }
}
