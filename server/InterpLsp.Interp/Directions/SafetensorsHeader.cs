using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>One tensor entry of a safetensors header (the <paramref name="Index"/>-th, 0-based); offsets are absolute file positions.</summary>
internal sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End, int Index);

/// <summary>
/// The header of a safetensors file: 8-byte little-endian length N, then N bytes of JSON
/// mapping tensor names to {dtype, shape, data_offsets}, plus an optional "__metadata__" string map.
/// </summary>
internal sealed record SafetensorsHeader(IReadOnlyList<SafetensorsEntry> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    private const long MaxHeaderBytes = 100_000_000;

    public static SafetensorsHeader Read(string origin, SafeFileHandle file, long fileLength, CancellationToken cancellationToken = default)
    {
        if (fileLength < 8)
            throw new DirectionLoadException(origin, $"not a safetensors file: only {fileLength} bytes, too short for the 8-byte header length");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(FileBytes.ReadAt(origin, file, 0, 8));
        if (n > (ulong)(fileLength - 8))
            throw new DirectionLoadException(origin, $"safetensors header length {n} is larger than the file ({fileLength} bytes)");
        if (n > MaxHeaderBytes)
            throw new DirectionLoadException(origin, $"safetensors header length {n} exceeds the {MaxHeaderBytes}-byte limit");

        var json = Encoding.UTF8.GetString(FileBytes.ReadAt(origin, file, 8, (int)n, cancellationToken));
        long dataStart = 8 + (long)n;
        return Interpret(origin, ParseJson(origin, json), dataStart, fileLength - dataStart);
    }

    private static JObject ParseJson(string origin, string json)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, MaxDepth = JsonErrors.MaxNesting };
            var token = JToken.ReadFrom(reader);
            if (reader.Read())
                throw new DirectionLoadException(origin, "bad safetensors header: text after the JSON object");
            return token as JObject ?? throw new DirectionLoadException(origin, "bad safetensors header: JSON is not an object");
        }
        catch (JsonReaderException e)
        {
            throw new DirectionLoadException(origin, $"bad safetensors header JSON: {JsonErrors.Describe(e)}", e);
        }
        catch (JsonException e)
        {
            throw new DirectionLoadException(origin, "bad safetensors header JSON", e);
        }
    }

    private static SafetensorsHeader Interpret(string origin, JObject root, long dataStart, long dataLength)
    {
        var tensors = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>();
        foreach (var prop in root.Properties())
        {
            if (prop.Name == "__metadata__")
            {
                if (prop.Value is JObject meta)
                    foreach (var m in meta.Properties())
                        if (m.Value.Type == JTokenType.String) metadata[m.Name] = (string)m.Value!;
                continue;
            }
            tensors.Add(Entry(origin, prop, tensors.Count, dataStart, dataLength));
        }
        return new SafetensorsHeader(tensors, metadata);
    }

    /// <summary>A tensor name that may appear in a message: letters, digits, '_', '.', '-', '/', ':', at most 64 characters.</summary>
    public static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or ':');

    private static SafetensorsEntry Entry(string origin, JProperty prop, int index, long dataStart, long dataLength)
    {
        // A malformed entry is named by position only: its key may be any text from a file that is not safetensors at all.
        var bad = (string what) => new DirectionLoadException(origin, $"bad safetensors header: entry {index + 1} {what}");
        if (prop.Value is not JObject t) throw bad("is not an object");
        if (t["dtype"] is not JValue { Type: JTokenType.String } dtype) throw bad("has no string 'dtype'");
        var shape = Integers(t["shape"]) ?? throw bad("has no 'shape' array of non-negative integers");
        var offsets = Integers(t["data_offsets"]);
        if (offsets is not { Length: 2 }) throw bad("has no 'data_offsets' pair [begin, end]");
        if (offsets[0] > offsets[1] || offsets[1] > dataLength)
            throw bad($"has data_offsets [{offsets[0]}, {offsets[1]}] out of range (data section is {dataLength} bytes)");
        return new SafetensorsEntry(prop.Name, (string)dtype!, shape, dataStart + offsets[0], dataStart + offsets[1], index);
    }

    private static long[]? Integers(JToken? token)
    {
        if (token is not JArray a) return null;
        var result = new long[a.Count];
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].Type != JTokenType.Integer) return null;
            try { result[i] = (long)a[i]; } catch (OverflowException) { return null; }
            if (result[i] < 0) return null;
        }
        return result;
    }
}
