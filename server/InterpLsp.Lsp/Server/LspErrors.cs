using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.Text;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Model;
using StreamJsonRpc;
using InterpLsp.Interp.IO;

namespace InterpLsp.Lsp.Server;

/// <summary>How the engine's errors reach the client: one place that maps exception types to LSP error codes.</summary>
public static class LspErrors
{
    public static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = LspErrorCodes.InvalidParams };
    public static LocalRpcException Failed(string message) => new(message) { ErrorCode = LspErrorCodes.RequestFailed };

    /// <summary>The one answer to an id that names no loaded direction (a parameter the client got wrong, as an
    /// unknown hook is): invalid params, saying how to load one.</summary>
    public static LocalRpcException NoDirection(string id) =>
        InvalidParams($"no direction '{Echo.Input(id)}' is loaded (load it with {InterpProtocol.LoadDirection.Name})");

    /// <summary>Runs <paramref name="work"/>, turning the engine's known failures into LSP errors.</summary>
    public static T Translate<T>(Func<T> work)
    {
        try { return work(); }
        catch (Exception e) when (Known(e) is { } rpc) { throw rpc; }
    }

    public static async Task<T> TranslateAsync<T>(Func<Task<T>> work)
    {
        try { return await work(); }
        catch (Exception e) when (Known(e) is { } rpc) { throw rpc; }
    }

    private static LocalRpcException? Known(Exception e) => e switch
    {
        LocalRpcException => null,
        UnknownHookException or UnknownModelException or KeyNotFoundException or ArgumentOutOfRangeException => InvalidParams(e.Message),
        DirectionLoadException or DirectionMismatchException or TextInputException or InvalidDataException or IOException
            or InvalidOperationException or ArgumentException => Failed(e.Message),
        InterpLsp.Analysis.Scheduling.ModelLoadException or InterpLsp.Model.HuggingFace.ModelFolderException or InterpLsp.Library.LibraryException => Failed(e.Message),
        _ => null,
    };
}
