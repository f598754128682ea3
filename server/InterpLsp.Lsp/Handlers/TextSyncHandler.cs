using InterpLsp.Interp.Directions;
using InterpLsp.Analysis.Engine;
using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using InterpLsp.Interp.IO;

namespace InterpLsp.Lsp.Handlers;

/// <summary>textDocument/didOpen, didChange (incremental), didClose: keeps the server's text equal to the
/// client's and hands each new text to the engine. Answers are tied to the text, so a change whose version is
/// not newer is still applied (the newest text wins) and logged; a second didOpen replaces the document.</summary>
public sealed class TextSyncHandler(ServerSession session)
{
    public void DidOpen(DidOpenTextDocumentParams p)
    {
        var d = p.TextDocument;
        if (d?.Uri is not { Length: > 0 } uri)
        {
            session.Log.Warning("didOpen without textDocument.uri: ignored");
            return;
        }
        if (session.Documents.ContainsKey(uri))
            session.Log.Warning($"didOpen for {Echo.Input(uri)}, which is already open: the new text replaces it");
        var buffer = new TextDocumentBuffer(uri, d.LanguageId ?? "", d.Version, d.Text ?? "");
        session.Documents[uri] = buffer;
        session.Engine.OpenDocument(uri, d.Version, buffer.Text);
    }

    public void DidChange(DidChangeTextDocumentParams p)
    {
        var uri = p.TextDocument?.Uri;
        if (uri is null || !session.Documents.TryGetValue(uri, out var buffer))
        {
            session.Log.Warning($"didChange for {Echo.Input(uri ?? "(no uri)")}, which is not open: ignored");
            return;
        }
        int version = p.TextDocument!.Version;
        if (version <= buffer.Version)
            session.Log.Warning($"didChange for {Echo.Input(uri)} has version {version}, not newer than {buffer.Version}: applied; answers follow the newest text");
        var changes = p.ContentChanges ?? new();
        if (changes.Any(c => c is null || c.Range is { } r && (r.Start is null || r.End is null)))
        {
            session.Log.Error($"didChange for {Echo.Input(uri)} has a change without a range start or end; the document keeps version {buffer.Version}");
            return;
        }
        try
        {
            buffer.ApplyChanges(changes.Select(c => (c.Range, c.Text ?? "")), version, session.Encoding);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            session.Log.Error($"didChange for {Echo.Input(uri)} could not be applied ({e.Message}); the document keeps version {buffer.Version}");
            return;
        }
        session.Engine.ChangeDocument(uri, buffer.Version, buffer.Text);
    }

    public void DidClose(DidCloseTextDocumentParams p)
    {
        if (p.TextDocument?.Uri is not { } uri) return;
        session.Documents.TryRemove(uri, out _);
        session.Engine.CloseDocument(uri);
    }
}
