using InterpLsp.Library;

namespace InterpLsp.Lsp.Server;

/// <summary>The workspace's direction library for a language-server session: <c>ROOT/.interp</c> when that folder
/// exists (the server never creates it on its own). A library that cannot be opened (locked past the busy
/// timeout, corrupt) is logged and reported by <c>interp/listDirections</c>; the server keeps serving without it.</summary>
public static class WorkspaceLibrary
{
    public static string? FolderOf(ServerSession session) =>
        session.RootPath is { } root ? Path.Combine(root, LibraryLocator.FolderName) : null;

    public static void Attach(ServerSession session)
    {
        var folder = FolderOf(session);
        if (folder is null || !Directory.Exists(folder)) return;
        try
        {
            session.Engine.UseLibrary(DirectionLibrary.OpenForReading(folder));
            session.LibraryError = null;
        }
        catch (LibraryException e)
        {
            session.LibraryError = e.Message;
            session.Engine.UseLibrary(null, e.Message);
            session.Log.Error($"direction library: {e.Message}");
        }
    }

    /// <summary>The library, opening (and creating) <c>ROOT/.interp</c> on first use, for requests that write to it.</summary>
    public static DirectionLibrary Ensure(ServerSession session)
    {
        if (session.Engine.Library is { } open) return open;
        var folder = FolderOf(session) ?? throw new InvalidOperationException("the workspace has no root folder, so it has no library");
        var library = DirectionLibrary.Open(folder);
        session.Engine.UseLibrary(library);
        session.LibraryError = null;
        return library;
    }

    /// <summary>The workspace's library when a folder is open (opened or created, as <see cref="Ensure"/>), else the
    /// engine's (none: a result is then not stored).</summary>
    public static DirectionLibrary? OrEngines(ServerSession session) =>
        session.RootPath is null ? session.Engine.Library : Ensure(session);
}
