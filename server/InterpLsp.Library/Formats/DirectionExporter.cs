using System.Globalization;
using InterpLsp.Interp.Directions;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library.Formats;

/// <summary>
/// Writes a direction to a file that <see cref="DirectionSpecParser"/> reads back: <c>json</c> (ours:
/// name, hook, model, kind, bias, scale, vector; a neuron and an SAE feature go out as the projection on their
/// vector), <c>npy</c> (the vector, 1-D float32) or <c>safetensors</c> (tensor <c>vector</c>, with the hook and
/// the other scalars in <c>__metadata__</c>) or, for an SAE feature, <c>saelens</c> (a one-feature SAELens folder with
/// its encoder). Written durably (temp file, fsync, rename).
/// </summary>
public static class DirectionExporter
{
    public static readonly string[] Formats = ["json", "npy", "safetensors", "saelens"];

    /// <summary>The format a file name implies (json when it says nothing).</summary>
    public static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => "npy",
        ".safetensors" => "safetensors",
        _ => "json",
    };

    public static void Write(Direction d, string path, string? format = null)
    {
        var f = format ?? FormatOf(path);
        if (f == "saelens")
        {
            // an SAE feature as a one-feature SAELens folder (cfg.json + sae_weights.safetensors) that reads back
            // with the same encoder: SAELens and Neuronpedia tools compute the same activation from it
            if (d.Kind != DirectionKind.SaeFeature || d.Sae is null)
                throw new ArgumentException($"'{Echo.Input(d.Name)}' is a {d.Kind} direction; only SAE features export as a SAELens folder");
            SaeLensFolder.Write(Path.GetFullPath(path), [d]);
            return;
        }
        Action<Stream> write = f switch
        {
            "json" => s => WriteJson(s, d),
            "npy" => s => NpyWriter.Write(s, d.Vector, [d.Vector.Length]),
            "safetensors" => s => s.Write(SafetensorsWriter.ToBytes([new SafetensorsTensor("vector", [d.Vector.Length], d.Vector)], Metadata(d))),
            _ => throw new ArgumentException($"unknown export format '{Echo.Input(f)}'; expected json, npy, safetensors or saelens"),
        };
        DurableFile.Write(Path.GetFullPath(path), write);
    }

    private static Dictionary<string, string> Metadata(Direction d)
    {
        var m = new Dictionary<string, string> { ["name"] = d.Name, ["kind"] = KindName(d), ["bias"] = d.Bias.ToString("R", CultureInfo.InvariantCulture),
            ["scale"] = d.Scale.ToString("R", CultureInfo.InvariantCulture) };
        if (d.Hook is { } h) m["hook_name"] = h;
        if (d.ModelId is { } model) m["model"] = model;
        return m;
    }

    private static string KindName(Direction d) => d.Kind == DirectionKind.Probe ? "probe" : "projection";

    private static void WriteJson(Stream s, Direction d)
    {
        using var text = new StreamWriter(s, leaveOpen: true);
        using var w = new JsonTextWriter(text) { Formatting = Formatting.None };
        w.WriteStartObject();
        w.WritePropertyName("name"); w.WriteValue(d.Name);
        if (d.Hook is { } h) { w.WritePropertyName("hook"); w.WriteValue(h); }
        if (d.ModelId is { } m) { w.WritePropertyName("model"); w.WriteValue(m); }
        w.WritePropertyName("kind"); w.WriteValue(KindName(d));
        if (d.Kind == DirectionKind.Probe)
        {
            w.WritePropertyName("bias"); w.WriteValue(d.Bias);
            w.WritePropertyName("scale"); w.WriteValue(d.Scale);
        }
        w.WritePropertyName("vector");
        w.WriteStartArray();
        foreach (var x in d.Vector) w.WriteValue(x);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
