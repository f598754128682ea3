using System.IO.Compression;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Corpora;

/// <summary>The lines of a file that <c>./setup.sh</c> prepared as gzip-compressed JSON lines (the default corpus,
/// the WordNet lexicon), read within bounds: the file through <see cref="SafeFile"/> (at most
/// <paramref name="maxFileBytes"/>, no FIFO or device), each line at most <paramref name="maxLineBytes"/>. A file
/// that is not gzip or a line that is too long is <paramref name="fail"/>'s error naming the line. Each line's bytes
/// are valid until the next one is asked for.</summary>
internal static class PreparedGzipLines
{
    public static IEnumerable<(long Number, ReadOnlyMemory<byte> Bytes)> Read(string path, Func<string, ArgumentException> fail,
        long maxFileBytes, int maxLineBytes, CancellationToken cancellation)
    {
        using var handle = SafeFile.Open(path, fail, maxFileBytes, cancellation);
        using var file = SafeFile.Stream(handle, fail, maxFileBytes, cancellation);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var lines = new BoundedLineReader(gzip, maxLineBytes);
        while (true)
        {
            bool more, tooLong;
            ReadOnlyMemory<byte> line;
            try { more = lines.Next(out line, out tooLong); }
            catch (InvalidDataException) { throw fail("is not a valid gzip file"); }
            if (!more) yield break;
            cancellation.ThrowIfCancellationRequested();
            if (tooLong) throw fail($"line {lines.LineNumber}: longer than {maxLineBytes:N0} bytes");
            yield return (lines.LineNumber, line);
        }
    }
}
