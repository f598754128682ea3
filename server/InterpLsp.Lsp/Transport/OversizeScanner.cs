using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Transport;

/// <summary>What could be learnt from the top level of an oversized message.</summary>
internal sealed record OversizeInfo(bool HasId, JToken? Id, string? Method);

/// <summary>
/// Streams through a body too large to buffer, with a JsonTextReader, to find the top-level
/// "id" and "method" for the error reply. Memory stays bounded: bytes are read in chunks and
/// string literals are capped (<see cref="StringCappingReader"/>). Garbage is tolerated: the
/// scan stops at the first syntax error, keeping what it found. The caller skips the rest.
/// </summary>
internal static class OversizeScanner
{
    private const int MaxStringChars = 1024;

    public static OversizeInfo Scan(Stream body)
    {
        bool hasId = false;
        JToken? id = null;
        string? method = null;
        bool hasMethod = false;
        try
        {
            // Lenient decoding: invalid UTF-8 becomes U+FFFD instead of stopping the scan.
            using var text = new StreamReader(body, new UTF8Encoding(false, false), false, 64 * 1024, leaveOpen: true);
            using var capped = new StringCappingReader(text, MaxStringChars);
            using var reader = JsonRpcIds.CreateReader(capped);
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject) return new(false, null, null);
            while (reader.Read())
            {
                if (reader.Depth != 1 || reader.TokenType != JsonToken.PropertyName) continue;
                string name = (string)reader.Value!;
                if (name is not ("id" or "method")) continue;   // nested values are walked, token by token
                if (!reader.Read()) break;
                if (name == "id")
                {
                    hasId = true;
                    id = JsonRpcIds.TryRead(reader, out var value, out _, out _) ? value : null;
                }
                else
                {
                    hasMethod = true;
                    method = reader.TokenType == JsonToken.String ? (string)reader.Value! : null;
                    if (reader.TokenType is JsonToken.StartObject or JsonToken.StartArray) reader.Skip();
                }
                if (hasId && hasMethod) break;   // usually both come first: stop early
            }
        }
        catch (JsonException)
        {
            // Garbage inside the body: keep what was found before it.
        }
        return new(hasId, id, method);
    }
}
