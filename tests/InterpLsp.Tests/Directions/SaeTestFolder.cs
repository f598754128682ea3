using InterpLsp.Interp.Directions;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Directions;

/// <summary>A tiny synthetic SAELens folder (d_in 4, d_sae 3) written with the product's <see cref="SafetensorsWriter"/>
/// and a cfg.json, for the SAE tests. Its numbers are chosen so that every activation can be worked out by hand.</summary>
public sealed class SaeTestFolder
{
    /// <summary>W_enc [d_in 4, d_sae 3]: column 0 = [1,0,0,0], column 1 = [0,2,0,-1], column 2 = [1,1,1,1].</summary>
    public static readonly float[] WEnc = [1, 0, 1, /**/ 0, 2, 1, /**/ 0, 0, 1, /**/ 0, -1, 1];
    public static readonly float[] BEnc = [0.5f, -1, -2];
    /// <summary>W_dec [3, 4]: row 0 = e0, row 1 = e1, row 2 = [0,0,1,1] (norm sqrt 2).</summary>
    public static readonly float[] WDec = [1, 0, 0, 0, /**/ 0, 1, 0, 0, /**/ 0, 0, 1, 1];
    public static readonly float[] BDec = [1, 0, 0, 1];

    public string Architecture = "standard";
    public bool ApplyBDec;
    public string Normalization = "none";
    public int? K;
    public float[]? Threshold;
    public string Hook = "blocks.0.hook_resid_post";
    public string? Model;
    public Dictionary<string, SafetensorsTensor?> Replace = [];
    public Action<JObject>? EditCfg;

    /// <summary>Writes the folder <paramref name="name"/> under <paramref name="dir"/>; returns its full path.</summary>
    public string Write(TempDir dir, string name)
    {
        var folder = Path.Combine(dir.Path, name);
        Directory.CreateDirectory(folder);
        var tensors = new List<SafetensorsTensor>
        {
            new("W_enc", [4, 3], WEnc), new("b_enc", [3], BEnc), new("W_dec", [3, 4], WDec), new("b_dec", [4], BDec),
        };
        if (Threshold is not null) tensors.Add(new("threshold", [3], Threshold));
        foreach (var (n, t) in Replace)
        {
            tensors.RemoveAll(x => x.Name == n);
            if (t is not null) tensors.Add(t);
        }
        SafetensorsWriter.Write(Path.Combine(folder, "sae_weights.safetensors"), tensors);
        var meta = new JObject { ["hook_name"] = Hook, ["sae_lens_version"] = "6.5.0" };
        if (Model is not null) meta["model_name"] = Model;
        var cfg = new JObject
        {
            ["architecture"] = Architecture,
            ["d_in"] = 4,
            ["d_sae"] = 3,
            ["apply_b_dec_to_input"] = ApplyBDec,
            ["normalize_activations"] = Normalization,
            ["metadata"] = meta,
        };
        if (K is int k) cfg["k"] = k;
        EditCfg?.Invoke(cfg);
        File.WriteAllText(Path.Combine(folder, "cfg.json"), cfg.ToString());
        return folder;
    }
}
