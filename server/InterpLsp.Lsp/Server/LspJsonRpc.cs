using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace InterpLsp.Lsp.Server;

/// <summary>StreamJsonRpc with LSP-shaped errors: the message names the problem; no exception types or
/// stack traces of the server leak to the client (they go to the server's log instead).</summary>
public sealed class LspJsonRpc(IJsonRpcMessageHandler handler, ServerLog log) : JsonRpc(handler)
{
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var detail = base.CreateErrorDetails(request, exception);
        if (exception is not LocalRpcException and not OperationCanceledException)
            log.Debug($"{request.Method} failed: {exception}");
        detail.Data = null;
        // Parameters that do not fit the method's shape: InvalidParams, with the deserializer's message.
        if (exception is Newtonsoft.Json.JsonException || exception.InnerException is Newtonsoft.Json.JsonException)
            detail.Code = JsonRpcErrorCode.InvalidParams;
        return detail;
    }
}
