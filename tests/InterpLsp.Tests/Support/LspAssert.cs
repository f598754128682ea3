using InterpLsp.Lsp.Protocol;
using StreamJsonRpc;

namespace InterpLsp.Tests.Support;

/// <summary>Assertions on the server's error answers.</summary>
public static class LspAssert
{
    /// <summary>The call fails with InvalidParams (-32602, which StreamJsonRpc surfaces as RemoteMethodNotFoundException).</summary>
    public static async Task<RemoteRpcException> InvalidParams(Task call)
    {
        var e = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => call);
        var code = e switch { RemoteMethodNotFoundException m => (int)m.ErrorCode, RemoteInvocationException i => i.ErrorCode, _ => 0 };
        Assert.Equal(LspErrorCodes.InvalidParams, code);
        return e;
    }
}
