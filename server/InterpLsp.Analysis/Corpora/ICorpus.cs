namespace InterpLsp.Analysis.Corpora;

/// <summary>One text of a corpus.</summary>
/// <param name="Key">Stable, unique within the corpus (a relative path and line, a JSONL line number, a WordNet
/// synset offset and part): scans name examples by it, shards partition by it, resumes continue after it.</param>
/// <param name="Text">The text itself.</param>
/// <param name="Path">The file it came from, when it came from a file a user can open (workspace files); null for
/// the default corpus.</param>
/// <param name="Offset">The text's character offset in <paramref name="Path"/> (0 for a whole file).</param>
public sealed record CorpusDocument(string Key, string Text, string? Path = null, long Offset = 0);

/// <summary>A corpus to scan: a deterministic, finite sequence of texts. Two enumerations give the same documents
/// in the same order; <see cref="Hash"/> names that content (the activation store keys states by it).</summary>
public interface ICorpus
{
    /// <summary>What it is, for people and for reports: <c>default:wordnet-3.1 (sample 20000, seed 1)</c>,
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
