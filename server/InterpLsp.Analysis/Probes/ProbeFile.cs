using InterpLsp.Interp.Directions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Probes;

/// <summary>Writes a trained probe as our JSON direction file (what <c>JsonDirectionReader</c> reads):
/// <c>{"name", "hook", "model", "kind": "probe", "bias", "scale": 1, "vector": [...], "report": {...}}</c>; the reader
/// skips the extra <c>report</c> key. Written to a temporary file beside the target and moved over it, so a reader
/// never sees half a file.</summary>
public static class ProbeFile
{
    public static void Write(string path, TrainedProbe probe)
    {
        var d = probe.Direction;
        var o = new JObject
        {
            ["name"] = d.Name,
            ["hook"] = d.Hook,
            ["model"] = d.ModelId,
            ["kind"] = "probe",
            ["bias"] = d.Bias,
            ["scale"] = d.Scale,
            ["vector"] = new JArray(d.Vector.Select(v => (object)v)),
            ["report"] = JObject.Parse(probe.Report.ToJson()),
        };
        var full = Path.GetFullPath(path);
        try
        {
            DurableFile.Write(full, System.Text.Encoding.UTF8.GetBytes(o.ToString(Formatting.None) + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{Echo.Origin(path)}: cannot write the probe ({Echo.Input(e.Message, Echo.MaxOriginChars)})");
        }
    }
}
