namespace InterpLsp.Analysis.Scans;

/// <summary>Hashes that are the same on every machine and run (FNV-1a 64 over UTF-16 code units, finished with
/// the splitmix64 mixer): shards partition documents by them and samples keep the tokens with the smallest.</summary>
public static class StableHash
{
    /// <summary>The FNV-1a 64 offset basis: the state before anything is added with <see cref="Add"/>.</summary>
    public const ulong FnvBasis = 14695981039346656037UL;

    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>One FNV-1a 64 step: <paramref name="value"/> added to the state <paramref name="h"/> (start from
    /// <see cref="FnvBasis"/>). Unmixed: for keys of a hash table, not for picking samples.</summary>
    public static ulong Add(ulong h, uint value) => (h ^ value) * FnvPrime;

    public static ulong Of(string s)
    {
        ulong h = FnvBasis;
        foreach (char c in s) h = Add(h, c);
        return Mix(h);
    }

    /// <summary>The hash of bytes (a file's checksum).</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        ulong h = FnvBasis;
        foreach (byte b in bytes) h = Add(h, b);
        return Mix(h);
    }

    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>The sample hash of token <paramref name="tokenIndex"/> of the document whose key hashes to
    /// <paramref name="keyHash"/>, under <paramref name="seed"/>.</summary>
    public static ulong Token(ulong seed, ulong keyHash, int tokenIndex) => Mix(Mix(seed ^ keyHash) ^ (ulong)tokenIndex);
}
