using InterpLsp.Interp.Directions;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.Scans;

/// <summary>A scan's state on disk, so that a cancelled or killed scan continues where it stopped: the
/// accumulators and which documents they hold (every document before <see cref="NextOrdinal"/> in corpus order
/// except <see cref="NotDone"/>), written atomically (temporary file, fsync, rename).</summary>
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

    [JsonProperty("digest")] public string Digest { get; set; } = "";
    [JsonIgnore] public Key Identity { set => Digest = value.Digest; }
    [JsonProperty("next_ordinal")] public long NextOrdinal { get; set; }
    [JsonProperty("not_done")] public List<long> NotDone { get; set; } = new();
    [JsonProperty("documents")] public long Documents { get; set; }
    [JsonProperty("empty_documents")] public long EmptyDocuments { get; set; }
    [JsonProperty("tokens")] public long Tokens { get; set; }
    [JsonProperty("accumulators")] public List<DirectionAccumulator> Accumulators { get; set; } = new();

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, fs =>
        {
            using var w = new StreamWriter(fs, new UTF8Encoding(false), leaveOpen: true);
            JsonSerializer.Create(ScanResult.Json).Serialize(w, this);
        });
    }

    /// <summary>The checkpoint at <paramref name="path"/> if it belongs to <paramref name="key"/>; a damaged one
    /// is reported in <paramref name="warnings"/> and ignored (the scan starts over).</summary>
    public static ScanCheckpoint? TryRead(string path, Key key, List<string> warnings)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var cp = JsonConvert.DeserializeObject<ScanCheckpoint>(File.ReadAllText(path), ScanResult.Json);
            if (cp is null || cp.Digest != key.Digest || cp.Accumulators.Count != key.DirectionHashes.Length) return null;
            return cp;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            warnings.Add($"ignored a damaged checkpoint {path}: {e.Message}");
            return null;
        }
    }

    public static void Delete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
