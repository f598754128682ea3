using System.Security.Cryptography;
using System.Text;

namespace InterpLsp.Analysis.Corpora;

/// <summary>The content digest every corpus reports as <see cref="ICorpus.Hash"/>: a hex SHA-256 over each
/// document's key and text in order, each as its UTF-8 byte length (8 bytes, little-endian) then its bytes, so that
/// no two different sequences of (key, text) give the same byte stream.</summary>
public static class CorpusDigest
{
    /// <summary>The digest of <paramref name="documents"/> (enumerated once).</summary>
    public static string Of(IEnumerable<CorpusDocument> documents, CancellationToken cancellation = default)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4096];
        Span<byte> length = stackalloc byte[8];
        foreach (var d in documents)
        {
            cancellation.ThrowIfCancellationRequested();
            Append(sha, d.Key, ref buffer, length);
            Append(sha, d.Text, ref buffer, length);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Append(IncrementalHash sha, string s, ref byte[] buffer, Span<byte> length)
    {
        int n = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (buffer.Length < n) buffer = new byte[n];
        int written = Encoding.UTF8.GetBytes(s, buffer);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, written);
        sha.AppendData(length);
        sha.AppendData(buffer, 0, written);
    }
}
