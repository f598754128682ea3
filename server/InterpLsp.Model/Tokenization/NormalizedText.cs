using System.Buffers;

namespace InterpLsp.Model.Tokenization;

/// <summary>
/// The text after HF's <c>BertNormalizer</c> + <c>BertPreTokenizer</c>: the normalised characters of all words, one
/// after the other, each UTF-16 unit with the range of the ORIGINAL text it came from, and the words as slices.
/// Buffers are pooled: dispose it.
/// </summary>
internal sealed class NormalizedText : IDisposable
{
    /// <summary>Normalised UTF-16 units (well-formed: only whole scalar values are written).</summary>
    public char[] Chars = [];
    /// <summary>For each unit of <see cref="Chars"/>, the start of the original character it came from.</summary>
    public int[] SrcStart = [];
    /// <summary>For each unit, the end of the original character it came from, extended over the characters that
    /// normalisation removed right after it (see <see cref="BertNormalizer"/>).</summary>
    public int[] SrcEnd = [];
    public int Length;

    public Word[] Words = [];
    public int WordCount;

    /// <summary>A word: units [Start, End) of <see cref="Chars"/>; or, when <see cref="SpecialId"/> is not -1, a
    /// special token matched literally in the original text at [Start, End).</summary>
    public struct Word
    {
        public int Start, End, SpecialId;
    }

    public void Dispose()
    {
        Return(ref Chars);
        Return(ref SrcStart);
        Return(ref SrcEnd);
        Return(ref Words);
    }

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0) ArrayPool<T>.Shared.Return(array);
        array = [];
    }
}
