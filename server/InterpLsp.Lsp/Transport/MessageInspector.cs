using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Transport;

internal enum Verdict
{
    /// <summary>Safe to hand to StreamJsonRpc.</summary>
    Forward,
    /// <summary>Not JSON (or not UTF-8): answer -32700.</summary>
    ParseError,
    /// <summary>JSON, but not a JSON-RPC message StreamJsonRpc can take: answer -32600.</summary>
    InvalidRequest,
    /// <summary>A response the server cannot use; responses are never answered, only logged.</summary>
    DropResponse,
}

/// <param name="Id">The message's id when it could be read and is valid (for the error reply).</param>
/// <param name="ResponseIdKey">For a response to forward: its id key (see <see cref="JsonRpcIds"/>).</param>
internal sealed record Inspection(Verdict Verdict, JToken? Id = null, string? Method = null, string? Problem = null, string? ResponseIdKey = null);

/// <summary>
/// Checks a whole frame body before StreamJsonRpc sees it. Each rule below stops an input that
/// was seen to make StreamJsonRpc 2.26 (JsonMessageFormatter) disconnect instead of answering:
/// invalid JSON, a non-object, no or wrong "jsonrpc", a non-string method, an id that
/// is not a string/int64/null, an object that is neither request nor response, a response whose
/// "error" is not an object, and (see <see cref="OutgoingRequestTracker"/>) a response to an id
/// the server never sent. Everything else (e.g. wrong parameter shapes, unknown methods) is left
/// to StreamJsonRpc, which answers those itself.
/// </summary>
internal static class MessageInspector
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Inspection Inspect(byte[] body, int length)
    {
        if (length == 0) return new(Verdict.ParseError, Problem: "empty message body");
        var fields = new Fields();
        try
        {
            using var text = new StreamReader(new MemoryStream(body, 0, length, writable: false), StrictUtf8, detectEncodingFromByteOrderMarks: false);
            using var reader = JsonRpcIds.CreateReader(text);
            if (!reader.Read()) return new(Verdict.ParseError, Problem: "message body contains no JSON");
            JsonToken root = reader.TokenType;
            if (root == JsonToken.StartObject) ReadTopLevel(reader, fields);
            else reader.Skip();
            // JsonTextReader.Read returns false (rather than throwing) when the input ends inside
            // an object or array, so check that the root value was closed.
            bool closed = reader.Depth == 0 && (root is not (JsonToken.StartObject or JsonToken.StartArray)
                || reader.TokenType is JsonToken.EndObject or JsonToken.EndArray);
            if (!closed) return new(Verdict.ParseError, fields.ValidId, Problem: "invalid JSON: unexpected end of the message body");
            // Reading past the root value throws if anything but whitespace follows it.
            while (reader.Read()) { }
            if (root != JsonToken.StartObject)
            {
                return new(Verdict.InvalidRequest, Problem: root == JsonToken.StartArray
                    ? "message is a JSON array: batches are not part of LSP"
                    : $"message is {JsonRpcIds.Describe(root)}, not a JSON object");
            }
        }
        catch (DecoderFallbackException)
        {
            return new(Verdict.ParseError, fields.ValidId, Problem: "message body is not valid UTF-8");
        }
        catch (JsonException ex)
        {
            return new(Verdict.ParseError, fields.ValidId, Problem: "invalid JSON: " + ex.Message);
        }
        return Judge(fields);
    }

    private static Inspection Judge(Fields f)
    {
        JToken? id = f.ValidId;
        if (f.JsonRpc != "2.0") return new(Verdict.InvalidRequest, id, Problem: "\"jsonrpc\" must be \"2.0\"");

        if (f.HasMethod)
        {
            if (f.Method is null) return new(Verdict.InvalidRequest, id, Problem: "\"method\" must be a string");
            if (f.IdProblem is not null) return new(Verdict.InvalidRequest, Method: f.Method, Problem: f.IdProblem);
            return new(Verdict.Forward, id, f.Method);
        }

        if (f.HasResult || f.HasError)
        {
            string? problem =
                f.HasResult && f.HasError ? "response has both \"result\" and \"error\"" :
                !f.HasId ? "response without \"id\"" :
                f.IdProblem ?? (f.IdKey is null ? "response with a null \"id\"" : null) ??
                f.ErrorProblem;
            return problem is null
                ? new(Verdict.Forward, id, ResponseIdKey: f.IdKey)
                : new(Verdict.DropResponse, id, Problem: problem);
        }

        return new(Verdict.InvalidRequest, id, Problem: "message has neither \"method\" nor \"result\"/\"error\"");
    }

    /// <summary>Walks the top-level members (last one wins for duplicates, as in JObject), skipping nested values.</summary>
    private static void ReadTopLevel(JsonReader reader, Fields f)
    {
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            string name = (string)reader.Value!;
            if (!reader.Read()) return;
            switch (name)
            {
                case "jsonrpc":
                    f.JsonRpc = reader.TokenType == JsonToken.String ? (string)reader.Value! : null;
                    reader.Skip();
                    break;
                case "id":
                    f.HasId = true;
                    bool ok = JsonRpcIds.TryRead(reader, out var id, out f.IdKey, out f.IdProblem);
                    f.ValidId = ok ? id : null;
                    break;
                case "method":
                    f.HasMethod = true;
                    f.Method = reader.TokenType == JsonToken.String ? (string)reader.Value! : null;
                    reader.Skip();
                    break;
                case "result":
                    f.HasResult = true;
                    reader.Skip();
                    break;
                case "error":
                    f.HasError = true;
                    f.ErrorProblem = CheckError(JToken.ReadFrom(reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static string? CheckError(JToken error) =>
        error is not JObject o ? "response \"error\" is not an object" :
        o["code"] is not JValue { Value: long code } || code is < int.MinValue or > int.MaxValue ? "response error has no 32-bit integer \"code\"" :
        o["message"]?.Type != JTokenType.String ? "response error has no string \"message\"" :
        null;

    private sealed class Fields
    {
        public string? JsonRpc;
        public bool HasId, HasMethod, HasResult, HasError;
        public JToken? ValidId;
        public string? IdKey, IdProblem, Method, ErrorProblem;
    }
}
