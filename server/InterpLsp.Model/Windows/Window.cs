namespace InterpLsp.Model.Windows;

/// <summary>
/// One forward-pass input cut from a document's token list: tokens [ContextStart, ContextEnd) are fed to the
/// model; the values of tokens [CoreStart, CoreEnd) are taken from it. Cores partition the document.
/// </summary>
public readonly record struct Window(int ContextStart, int CoreStart, int CoreEnd, int ContextEnd)
{
    public int Length => ContextEnd - ContextStart;
}
