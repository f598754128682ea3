using InterpLsp.Lsp.Documents;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Lsp.Handlers;

/// <summary>textDocument/didOpen, didChange (incremental), didClose: keeps the server's text equal to the
/// client's and schedules analysis.</summary>
public sealed class TextSyncHandler(ServerSession session)
{
    public void DidOpen(DidOpenTextDocumentParams p)
    {
        var d = p.TextDocument;
        var buffer = new TextDocumentBuffer(d.Uri, d.LanguageId, d.Version, d.Text ?? "");
        session.Documents[d.Uri] = buffer;
        session.Scheduler.Update(d.Uri, d.Version, buffer.Text, debounce: false);
    }

    public void DidChange(DidChangeTextDocumentParams p)
    {
        var uri = p.TextDocument.Uri;
        if (!session.Documents.TryGetValue(uri, out var buffer))
        {
            session.Log.Warning($"didChange for {uri}, which is not open: ignored");
            return;
        }
        try
        {
            buffer.ApplyChanges(p.ContentChanges.Select(c => (c.Range, c.Text ?? "")), p.TextDocument.Version, session.Encoding);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            session.Log.Error($"didChange for {uri} could not be applied ({e.Message}); the document keeps version {buffer.Version}");
            return;
        }
        session.Scheduler.Update(uri, buffer.Version, buffer.Text, debounce: true);
    }

    public void DidClose(DidCloseTextDocumentParams p)
    {
        session.Documents.TryRemove(p.TextDocument.Uri, out _);
        session.Scheduler.Close(p.TextDocument.Uri);
    }
}
