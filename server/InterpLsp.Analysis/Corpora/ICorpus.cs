namespace InterpLsp.Analysis.Corpora;

/// <summary>One text of a corpus.</summary>
/// <param name="Key">Stable, unique within the corpus (a relative path and line, a JSONL line number, a WordNet
/// synset offset and part): scans name examples by it, shards partition by it, resumes continue after it.</param>
/// <param name="Text">The text itself.</param>
/// <param name="Path">The file it came from, when it came from a file a user can open (workspace files); null for
/// the default corpus.</param>
/// <param name="Offset">The text's character offset in <paramref name="Path"/> (0 for a whole file; for a Brown sentence,
/// its offset in the Brown text).</param>
/// <param name="Tags">The words of the text with a part-of-speech tag each, in order, where the corpus carries them
/// (the Brown Corpus: every word, with its Brown tag); null where it does not (folders, JSONL files, WordNet). Later
/// work that reads parts of speech takes them from here.</param>
/// <param name="Genre">The genre of the text the document comes from, where the corpus says (the Brown Corpus: one of
/// its 15); null where it does not.</param>
public sealed record CorpusDocument(string Key, string Text, string? Path = null, long Offset = 0,
                                    IReadOnlyList<WordTag>? Tags = null, CorpusGenre? Genre = null);

/// <summary>One word of a document and its part-of-speech tag.</summary>
/// <param name="Start">The word's first UTF-16 offset in <see cref="CorpusDocument.Text"/>.</param>
/// <param name="End">The offset just past its end (exclusive); <c>Text[Start..End]</c> is the word as written.</param>
/// <param name="Tag">The tag as the corpus gives it: for Brown, its own tag set in lower case, with its suffixes
/// (<c>-tl</c> in a title, <c>-hl</c> in a headline, <c>-nc</c> cited, <c>fw-</c> foreign) and <c>+</c> compounds
/// (<c>pps+bez</c> for "it's"); a double quote's tag is <c>``</c> (opening) or <c>''</c> (closing).</param>
public readonly record struct WordTag(int Start, int End, string Tag);

/// <summary>The genre of a text.</summary>
/// <param name="Id">A short stable id (Brown's as NLTK names them: <c>news</c>, <c>editorial</c>, <c>reviews</c>,
/// <c>religion</c>, <c>hobbies</c>, <c>lore</c>, <c>belles_lettres</c>, <c>government</c>, <c>learned</c>,
/// <c>fiction</c>, <c>mystery</c>, <c>science_fiction</c>, <c>adventure</c>, <c>romance</c>, <c>humor</c>).</param>
/// <param name="Name">Its readable name (<c>Press: reportage</c>, <c>Fiction: science</c>, ...).</param>
public sealed record CorpusGenre(string Id, string Name);

/// <summary>A corpus to scan: a deterministic, finite sequence of texts. Two enumerations give the same documents
/// in the same order; <see cref="Hash"/> names that content (the activation store keys states by it).</summary>
public interface ICorpus
{
    /// <summary>What it is, for people and for reports: <c>brown (sample 6000, seed 1)</c>, <c>wordnet-3.1 (all)</c>,
    /// <c>folder:/abs/path</c>, <c>jsonl:/abs/file.jsonl</c>.</summary>
    string Id { get; }

    /// <summary>A hex digest of every document's key and text in order.</summary>
    string Hash { get; }

    /// <summary>The documents in their fixed order. Problems with single files (binary, too large, unreadable)
    /// are skipped and reported through <see cref="Skipped"/>, never thrown; a corpus that cannot be read at all
    /// throws an <see cref="ArgumentException"/> naming it.</summary>
    IEnumerable<CorpusDocument> Documents(CancellationToken cancellation = default);

    /// <summary>Files or lines left out and why (after an enumeration).</summary>
    IReadOnlyList<string> Skipped { get; }
}
