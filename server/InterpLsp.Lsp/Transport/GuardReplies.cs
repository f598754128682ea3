using Newtonsoft.Json.Linq;

namespace InterpLsp.Lsp.Transport;

/// <summary>The messages the guard itself sends to the client.</summary>
public static class GuardReplies
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;

    /// <summary><c>{"jsonrpc":"2.0","id":ID,"error":{"code":CODE,"message":MESSAGE}}</c>; a missing id is sent as null.</summary>
    public static JObject Error(JToken? id, int code, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone() ?? JValue.CreateNull(),
        ["error"] = new JObject { ["code"] = code, ["message"] = message },
    };

    /// <summary>A <c>window/logMessage</c> notification (type 1 = Error), for problems with messages
    /// that must not be answered (notifications, responses).</summary>
    public static JObject LogMessage(string message, int type = 1) => new()
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "window/logMessage",
        ["params"] = new JObject { ["type"] = type, ["message"] = message },
    };
}
