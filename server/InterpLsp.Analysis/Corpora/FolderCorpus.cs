using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>
/// The text files of a folder (a workspace) as a corpus: every regular, UTF-8 text file up to
/// <see cref="MaxFileBytes"/> under it, in ordinal order of their relative paths ('/'-separated), cut into
/// paragraphs (<see cref="Paragraphs"/>). Folders named in <see cref="SkippedFolders"/> and symbolic links to
/// folders are not entered (so link loops cannot trap the walk); binary, oversized and special files (FIFOs,
/// devices, sockets) are left out with the reason in <see cref="Skipped"/>. A document's key is
/// <c>relative/path:OFFSET</c>; its <see cref="CorpusDocument.Path"/> is the file's full path and
/// <see cref="CorpusDocument.Offset"/> its UTF-16 offset in the file's text (after a byte-order mark).
/// </summary>
public sealed class FolderCorpus : ICorpus
{
    /// <summary>Largest file read.</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Folder names never entered: version control, dependencies, build output, the tool's own data.</summary>
    public static readonly IReadOnlySet<string> SkippedFolders =
        new HashSet<string>(StringComparer.Ordinal) { ".git", "node_modules", ".interp", "bin", "obj", "out", "dist" };

    private readonly int _maxParagraphChars;
    private IReadOnlyList<string> _skipped = [];
    private string? _hash;

    /// <summary>A corpus of the folder <paramref name="root"/>; an <see cref="ArgumentException"/> when it is no folder.</summary>
    public FolderCorpus(string root, int maxParagraphChars = Paragraphs.DefaultMaxChars)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(Root)) throw new ArgumentException($"corpus folder {Echo.Origin(Root)}: no such folder");
        _maxParagraphChars = maxParagraphChars;
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    public string Id => $"folder:{Root}";

    public string Hash => _hash ??= CorpusDigest.Of(Documents());

    public IReadOnlyList<string> Skipped => _skipped;

    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellation = default)
    {
        var skipped = new List<string>();
        _skipped = skipped;
        var files = new List<string>();
        var folderSkips = new List<string>();
        Walk(files, folderSkips, cancellation);
        files.Sort(StringComparer.Ordinal);
        folderSkips.Sort(StringComparer.Ordinal);
        skipped.AddRange(folderSkips);
        foreach (var rel in files)
        {
            cancellation.ThrowIfCancellationRequested();
            string full = Path.Combine(Root, rel);
            string? text = TextFileReader.Read(full, MaxFileBytes, out var problem, cancellation);
            if (text is null)
            {
                skipped.Add($"{rel}: {problem}");
                continue;
            }
            foreach (var (offset, length) in Paragraphs.Split(text, _maxParagraphChars))
                yield return new CorpusDocument($"{rel}:{offset}", text.Substring(offset, length), full, offset);
        }
    }

    /// <summary>Collects the relative paths of the non-folder entries under the root (depth first, no links to
    /// folders followed) and the folders left out.</summary>
    private void Walk(List<string> files, List<string> skipped, CancellationToken cancellation)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0, ReturnSpecialDirectories = false,
        };
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.TryPop(out var relDir))
        {
            cancellation.ThrowIfCancellationRequested();
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(relDir.Length == 0 ? Root : Path.Combine(Root, relDir)).EnumerateFileSystemInfos("*", options)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add($"{relDir}/: cannot list the folder: {Echo.Input(e.Message, Echo.MaxOriginChars)}");
                continue;
            }
            foreach (var entry in entries)
            {
                string rel = relDir.Length == 0 ? entry.Name : $"{relDir}/{entry.Name}";
                if (entry is DirectoryInfo)
                {
                    if ((entry.Attributes & FileAttributes.ReparsePoint) != 0) skipped.Add($"{rel}/: a symbolic link to a folder, not followed");
                    else if (SkippedFolders.Contains(entry.Name)) skipped.Add($"{rel}/: {entry.Name} folders are not scanned");
                    else pending.Push(rel);
                }
                else files.Add(rel);
            }
        }
    }
}
