using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Transport;

/// <summary>Reading JSON-RPC ids the way StreamJsonRpc can accept them.</summary>
internal static class JsonRpcIds
{
    /// <summary>
    /// Reads the id value the reader is positioned on (its children are skipped if it is a
    /// container). Valid ids are strings, integers that fit in 64 bits, and null: StreamJsonRpc
    /// disconnects on anything else (a float such as 1.5 or 1e3, a boolean, an object, an array,
    /// or an integer beyond Int64, verified by tests). <paramref name="key"/> is a string that
    /// tells ids apart by type and value ("n:5" and "s:5" differ), null for a null id.
    /// </summary>
    public static bool TryRead(JsonReader reader, out JToken? id, out string? key, out string? problem)
    {
        id = null; key = null; problem = null;
        switch (reader.TokenType)
        {
            case JsonToken.String:
                string s = (string)reader.Value!;
                id = new JValue(s); key = "s:" + s;
                return true;
            case JsonToken.Integer when reader.Value is long n:
                id = new JValue(n); key = "n:" + n.ToString(CultureInfo.InvariantCulture);
                return true;
            case JsonToken.Integer:
                problem = "\"id\" is an integer out of the 64-bit range";
                return false;
            case JsonToken.Null:
                id = JValue.CreateNull();
                return true;
            case JsonToken.StartObject or JsonToken.StartArray:
                problem = $"\"id\" must be a string, an integer or null, not {(reader.TokenType == JsonToken.StartObject ? "an object" : "an array")}";
                reader.Skip();
                return false;
            default:
                problem = $"\"id\" must be a string, an integer or null, not {Describe(reader.TokenType)}";
                return false;
        }
    }

    public static string Describe(JsonToken token) => token switch
    {
        JsonToken.StartObject => "an object",
        JsonToken.StartArray => "an array",
        JsonToken.Integer => "an integer",
        JsonToken.Float => "a non-integer number",
        JsonToken.String => "a string",
        JsonToken.Boolean => "a boolean",
        JsonToken.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>A reader configured like StreamJsonRpc's: no depth limit, no date sniffing (a date-like
    /// string id must stay a string).</summary>
    public static JsonTextReader CreateReader(TextReader text) => new(text)
    {
        MaxDepth = null,
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Double,
        CloseInput = false,
    };
}
