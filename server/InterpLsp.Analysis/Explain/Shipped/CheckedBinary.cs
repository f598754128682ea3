using System.Text;
using InterpLsp.Analysis.Scans;

namespace InterpLsp.Analysis.Explain.Shipped;

/// <summary>
/// The frame of the binary files built at build time (the part-of-speech tagger, the gloss embeddings): a magic line, a
/// version (u32), the body, and a checksum (u64, <see cref="StableHash"/> of every byte before it); little-endian. Reading
/// checks the frame before anything else and reads the body through <see cref="Reader"/>, whose every count and length
/// is checked against the bytes left, so a file that lies about its sizes is refused, never allocated for.
/// </summary>
public static class CheckedBinary
{
    /// <summary>The whole file: <paramref name="body"/> (which starts with the magic and version) and its checksum.</summary>
    public static byte[] Seal(byte[] body)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("these files are written on little-endian machines only");
        var all = new byte[body.Length + 8];
        body.CopyTo(all, 0);
        BitConverter.TryWriteBytes(all.AsSpan(body.Length), StableHash.Of(body));
        return all;
    }

    /// <summary>Checks the frame and gives a reader of what follows the version, up to the checksum.</summary>
    /// <param name="kind">What the file is, for "is not an interp-lsp KIND file".</param>
    /// <param name="rebuild">The command that makes it again, for the messages.</param>
    public static Reader Open(byte[] bytes, byte[] magic, uint version, string kind, string rebuild, Func<string, Exception> fail)
    {
        if (bytes.Length < magic.Length + 4 + 8 || !bytes.AsSpan(0, magic.Length).SequenceEqual(magic))
            throw fail($"is not an interp-lsp {kind} file (its header is missing)");
        uint v = BitConverter.ToUInt32(bytes, magic.Length);
        if (v != version) throw fail($"is version {v}; this server reads version {version}: {rebuild} again");
        var body = bytes.AsSpan(0, bytes.Length - 8);
        if (BitConverter.ToUInt64(bytes, bytes.Length - 8) != StableHash.Of(body))
            throw fail($"is damaged: its checksum does not match its contents; {rebuild} again");
        return new Reader(new MemoryStream(bytes, magic.Length + 4, body.Length - magic.Length - 4, writable: false), fail);
    }

    /// <summary>A bounded reader of a checked body.</summary>
    public sealed class Reader(MemoryStream stream, Func<string, Exception> fail) : BinaryReader(stream, Encoding.UTF8)
    {
        private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

        public Func<string, Exception> Fail { get; } = fail;

        /// <summary>Bytes left before the checksum.</summary>
        public long Left => BaseStream.Length - BaseStream.Position;

        /// <summary>A count of items of at least <paramref name="minBytesEach"/> bytes, at most <paramref name="max"/>.</summary>
        public int Count(long count, long max, long minBytesEach, string what)
        {
            if (count > max || count * minBytesEach > Left) throw Fail($"says it has {count:N0} {what}, more than it can hold");
            return (int)count;
        }

        /// <summary>UTF-8 text of <paramref name="length"/> bytes (at most <paramref name="max"/>), valid or refused.</summary>
        public string Text(int length, int max, string what)
        {
            if (length > max || length > Left) throw Fail($"has a {what} of {length} bytes (at most {max})");
            try { return Strict.GetString(ReadBytes(length)); }
            catch (DecoderFallbackException) { throw Fail($"has a {what} that is not valid text"); }
        }
    }
}
