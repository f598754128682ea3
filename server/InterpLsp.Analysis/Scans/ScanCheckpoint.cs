using InterpLsp.Interp.Directions;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Scans;

/// <summary>A scan's state on disk, so that a cancelled or killed scan continues where it stopped: the
/// accumulators and which documents they hold (every document before <see cref="NextOrdinal"/> in corpus order
/// except <see cref="NotDone"/>), written atomically (temporary file, fsync, rename). The file carries the corpus's
/// identity (id and content hash) and a SHA-256 checksum of its own text (with the checksum field zeroed): a
/// checkpoint that fails its checksum (damaged or edited) or belongs to another corpus is not used, and the scan
/// starts over from the first document, saying so.</summary>
public sealed class ScanCheckpoint
{
    /// <summary>What a checkpoint belongs to; a checkpoint with another digest is not used.</summary>
    public sealed record Key(string ModelId, string CorpusHash, string Shard, string[] DirectionHashes, ScanSettings Settings)
    {
        public string Digest
        {
            get
            {
                var text = $"{ModelId}\n{CorpusHash}\n{Shard}\n{string.Join(",", DirectionHashes)}\n{JsonConvert.SerializeObject(Settings)}";
                return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16).ToLowerInvariant();
            }
        }
    }

    private const string ChecksumPrefix = "{\n  \"checksum\": \"";
    private static readonly string ZeroChecksum = new('0', 64);

    [JsonProperty("checksum", Order = -10)] public string Checksum { get; set; } = ZeroChecksum;
    [JsonProperty("digest")] public string Digest { get; set; } = "";
    [JsonProperty("corpus_id")] public string CorpusId { get; set; } = "";
    [JsonProperty("corpus_hash")] public string CorpusHash { get; set; } = "";
    [JsonIgnore] public Key Identity { set => Digest = value.Digest; }
    [JsonProperty("next_ordinal")] public long NextOrdinal { get; set; }
    [JsonProperty("not_done")] public List<long> NotDone { get; set; } = new();
    [JsonProperty("documents")] public long Documents { get; set; }
    [JsonProperty("empty_documents")] public long EmptyDocuments { get; set; }
    [JsonProperty("tokens")] public long Tokens { get; set; }
    [JsonProperty("accumulators")] public List<DirectionAccumulator> Accumulators { get; set; } = new();

    /// <summary>The activation store entries the scan was writing (one per hook), for the rerun to continue them.</summary>
    [JsonProperty("store")] public List<ActivationStore.StoreProgress> Store { get; set; } = new();

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Checksum = ZeroChecksum;
        var text = JsonConvert.SerializeObject(this, ScanResult.Json);
        if (!text.StartsWith(ChecksumPrefix + ZeroChecksum, StringComparison.Ordinal)) throw new InvalidOperationException("checkpoint layout: the checksum is not first");
        Checksum = Sum(text);
        text = ChecksumPrefix + Checksum + text[(ChecksumPrefix.Length + 64)..];
        DurableFile.Write(path, new UTF8Encoding(false).GetBytes(text));
    }

    private static string Sum(string zeroedText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(zeroedText)));

    /// <summary>Whether <paramref name="text"/> carries the checksum of its own content.</summary>
    private static bool ChecksumHolds(string text)
    {
        if (!text.StartsWith(ChecksumPrefix, StringComparison.Ordinal) || text.Length < ChecksumPrefix.Length + 64) return false;
        var claimed = text.Substring(ChecksumPrefix.Length, 64);
        var zeroed = ChecksumPrefix + ZeroChecksum + text[(ChecksumPrefix.Length + 64)..];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(claimed), Encoding.ASCII.GetBytes(Sum(zeroed)));
    }

    /// <summary>The checkpoint at <paramref name="path"/> if it belongs to <paramref name="key"/> and to the corpus
    /// <paramref name="corpusId"/>; a damaged, edited or foreign one is reported in <paramref name="warnings"/>
    /// (file, line and position, and the kind of problem; never the file's bytes), deleted, and not used: the scan
    /// starts over.</summary>
    public static ScanCheckpoint? TryRead(string path, Key key, string corpusId, List<string> warnings)
    {
        if (!File.Exists(path)) return null;
        string origin = Echo.Origin(path);
        const string over = "not used; the scan starts over from the first document";
        string? problem;
        ScanCheckpoint? cp = null;
        try
        {
            var text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
            if (!ChecksumHolds(text)) problem = "fails its checksum (damaged or edited)";
            else
            {
                cp = JsonConvert.DeserializeObject<ScanCheckpoint>(text, ScanResult.Json);
                if (cp is null) problem = "is empty";
                else if (cp.Digest != key.Digest || cp.CorpusHash != key.CorpusHash || cp.CorpusId != corpusId)
                    problem = $"belongs to another scan or corpus ({Echo.Input(cp.CorpusId, Echo.MaxOriginChars)}, content hash {Echo.Input(cp.CorpusHash, 16)}), not to {Echo.Input(corpusId, Echo.MaxOriginChars)} (content hash {key.CorpusHash[..Math.Min(16, key.CorpusHash.Length)]})";
                else if (cp.Accumulators.Count != key.DirectionHashes.Length || cp.NextOrdinal < 0 || cp.Documents < 0 || cp.NotDone.Any(o => o < 0 || o >= cp.NextOrdinal))
                    problem = "does not match this scan's directions or its own counts";
                else return cp;
            }
        }
        catch (JsonException e) { problem = $"is not a valid checkpoint ({JsonErrors.Describe(e)})"; }
        catch (DecoderFallbackException) { problem = "is not UTF-8 text"; }
        catch (IOException) { problem = "cannot be read"; }
        catch (UnauthorizedAccessException) { problem = "cannot be read (permission denied)"; }
        warnings.Add($"checkpoint {origin} {problem}: {over}");
        Delete(path);
        return null;
    }

    public static void Delete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
