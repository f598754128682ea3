namespace InterpLsp.Analysis.Scans;

/// <summary>Hashes that are the same on every machine and run (FNV-1a 64 over UTF-16 code units, finished with
/// the splitmix64 mixer): shards partition documents by them and samples keep the tokens with the smallest.</summary>
public static class StableHash
{
    public static ulong Of(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s) { h ^= c; h *= 1099511628211UL; }
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
