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
            var why = WithoutParamName(e.Message);
            throw new DirectionLoadException(origin,
                why.StartsWith("unknown hook", StringComparison.Ordinal) ? why : $"unknown hook '{hook}': {why}", e);
        }
    }

    private static string WithoutParamName(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\s*\(Parameter '[^']*'\)$", "");

    public static void Check(string origin, float[] vector, string hook, int width)
    {
        if (vector.Length != width)
            throw new DirectionLoadException(origin, $"vector width {vector.Length} does not match width {width} of hook '{hook}'");
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
