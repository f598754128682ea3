using InterpLsp.Interp.IO;
using InterpLsp.Model.HuggingFace;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Model.Causal;

/// <summary>The rotary frequencies a config asks for: <c>rope_theta</c> (or GPT-NeoX's <c>rotary_emb_base</c>) and
/// <c>rope_scaling</c> of type default, linear or llama3; any other scaling is refused by name.</summary>
public static class RopeConfig
{
    public static double[] InverseFrequencies(HfConfig c, int dims)
    {
        double theta = c.Has("rope_theta") ? c.Double("rope_theta", 10000) : c.Double("rotary_emb_base", 10000);
        if (theta <= 1) throw new ModelFolderException(c.Path, $"rope_theta {theta} must be above 1");
        var f = Rotary.Frequencies(dims, theta);
        if (c.Raw("rope_scaling") is not JObject s) return f;
        var type = (s["rope_type"] ?? s["type"])?.ToString() ?? "default";
        double Num(string name, double fallback) =>
            s[name] is { Type: JTokenType.Float or JTokenType.Integer } v ? (double)v : fallback;
        switch (type)
        {
            case "default": return f;
            case "linear":
                double factor = Num("factor", 1);
                if (factor <= 0) throw new ModelFolderException(c.Path, "rope_scaling factor must be positive");
                return f.Select(x => x / factor).ToArray();
            case "llama3":
                return Rotary.Llama3(f, Num("factor", 8), Num("low_freq_factor", 1), Num("high_freq_factor", 4),
                    Num("original_max_position_embeddings", 8192));
            default:
                throw new ModelFolderException(c.Path, $"rope_scaling type '{Echo.Input(type, 40)}' is not supported (default, linear and llama3 are)");
        }
    }
}
