using InterpLsp.Interp.IO;
namespace InterpLsp.Analysis.Probes;

/// <summary>How a probe is fitted (see <see cref="ProbeFitter"/>).</summary>
public enum ProbeMethod { Logistic, MassMean, MassMeanCov, PcaDiff }

/// <summary>The methods' command-line names: <c>logistic</c>, <c>mass-mean</c>, <c>mass-mean-cov</c>, <c>pca-diff</c>.</summary>
public static class ProbeMethods
{
    public static readonly string[] Names = { "logistic", "mass-mean", "mass-mean-cov", "pca-diff" };

    public static string Name(ProbeMethod m) => Names[(int)m];

    public static ProbeMethod Parse(string name)
    {
        int i = Array.IndexOf(Names, (name ?? "").Trim().ToLowerInvariant());
        if (i < 0) throw new ArgumentException($"unknown probe method '{Interp.IO.Echo.Input(name)}'; use one of {string.Join(", ", Names)}");
        return (ProbeMethod)i;
    }

    public static string PoolingName(Pooling p) => p == Pooling.Mean ? "mean" : "last";

    public static Pooling ParsePooling(string name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "mean" => Pooling.Mean,
        "last" => Pooling.Last,
        _ => throw new ArgumentException($"unknown pooling '{Interp.IO.Echo.Input(name)}'; use mean or last"),
    };
}
