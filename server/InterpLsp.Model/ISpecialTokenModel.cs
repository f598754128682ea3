namespace InterpLsp.Model;

/// <summary>
/// A model that can also give the rows of the special tokens it adds around a window (BERT's [CLS] before
/// and [SEP] after), which <see cref="ILanguageModel.Run"/> removes. Sentence-transformers pools over those
/// rows too, so an embedding that matches the reference needs them.
/// </summary>
public interface ISpecialTokenModel
{
    /// <summary>Each window's activations at <paramref name="hook"/> with the special-token rows kept, in
    /// sequence order ([CLS], the window's tokens, [SEP] for BERT), row-major [rows × hook width].</summary>
    IReadOnlyList<float[]> RunWithSpecialTokens(
        IReadOnlyList<int[]> windows, string hook, CancellationToken cancellation = default);
}
