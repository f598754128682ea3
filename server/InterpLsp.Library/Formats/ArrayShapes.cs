using System.Text;
using InterpLsp.Interp.Directions;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Library.Formats;

/// <summary>How many directions a file holds, read from its header only (the hardened header readers).</summary>
internal static class ArrayShapes
{
    public static long[] Npy(string origin, string full, CancellationToken ct)
    {
        using var file = FileBytes.Open(origin, full, cancellationToken: ct);
        return NpyHeader.Read(origin, file, RandomAccess.GetLength(file), ct).Shape;
    }

    /// <summary>The tensor to read (named, or W_dec, or the only candidate) and its shape.</summary>
    public static (string Tensor, long[] Shape) Safetensors(string origin, string full, string? tensor, bool rowsChosen, CancellationToken ct)
    {
        using var file = FileBytes.Open(origin, full, cancellationToken: ct);
        var header = SafetensorsHeader.Read(origin, file, RandomAccess.GetLength(file), ct);
        string Names() => string.Join(", ", header.Tensors.Take(12).Select(t => $"{SafetensorsReader.Label(t)} {Shape2D.Format(t.Shape)}"));
        SafetensorsEntry? entry;
        if (tensor is not null)
            entry = header.Tensors.FirstOrDefault(t => t.Name == tensor)
                ?? throw new DirectionLoadException(origin, $"no tensor named '{Echo.Input(tensor)}' (tensors: {Names()})");
        else if (header.Tensors.FirstOrDefault(t => t.Name == SafetensorsReader.SaeDecoder) is { } dec)
        {
            if (!rowsChosen)
                throw new DirectionLoadException(origin, $"holds SAE decoder {SafetensorsReader.SaeDecoder} {Shape2D.Format(dec.Shape)}; choose features with --features (or --rows)");
            entry = dec;
        }
        else if (header.Tensors.Count == 1) entry = header.Tensors[0];
        else
            throw new DirectionLoadException(origin, header.Tensors.Count == 0 ? "file holds no tensors"
                : $"holds {header.Tensors.Count} tensors; choose one with --tensor NAME (tensors: {Names()})");
        if (!SafetensorsHeader.IsPlainName(entry.Name) || entry.Name.Contains('/'))
            throw new DirectionLoadException(origin, $"tensor {SafetensorsReader.Label(entry)} has a name that cannot be selected (letters, digits, '_', '.', '-', ':' only)");
        return (entry.Name, entry.Shape);
    }

    /// <summary>The number of rows of a JSON vector set's <c>"vectors"</c>, or null for a single <c>"vector"</c>.</summary>
    public static int? JsonVectorRows(string origin, string full, CancellationToken ct)
    {
        Exception Fail(string problem) => new DirectionLoadException(origin, problem);
        using var handle = FileBytes.Open(origin, full, FileBytes.MaxJsonBytes, ct);
        using var stream = SafeFile.Stream(handle, Fail, FileBytes.MaxJsonBytes, ct);
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        using var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, MaxDepth = JsonErrors.MaxNesting };
        try
        {
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject) throw Fail("JSON root is not an object");
            int? rows = null;
            bool single = false;
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var key = (string)reader.Value!;
                reader.Read();
                if (key == "vectors" && reader.TokenType == JsonToken.StartArray)
                {
                    int n = 0;
                    while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                    {
                        if (reader.TokenType == JsonToken.StartArray) { n++; reader.Skip(); }
                        else throw Fail($"\"vectors\"[{n}] is not an array of numbers");
                    }
                    rows = n;
                }
                else
                {
                    if (key == "vector") single = true;
                    reader.Skip();
                }
            }
            if (single) return null;
            return rows ?? throw Fail("JSON has neither a \"vector\" nor a \"vectors\" field");
        }
        catch (JsonReaderException e)
        {
            throw new DirectionLoadException(origin, $"bad JSON at line {e.LineNumber}, position {e.LinePosition}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new DirectionLoadException(origin, "file is not valid UTF-8", e);
        }
    }
}
