using Newtonsoft.Json;

namespace InterpLsp.Analysis.ActivationStore;

/// <summary>One document in a store entry's index: its key, file and offset, its rows
/// [<see cref="FirstRow"/>, FirstRow + token count) and its tokens' texts and character ranges.</summary>
public sealed class StoredDocument
{
    [JsonProperty("key")] public string Key { get; set; } = "";
    [JsonProperty("path", NullValueHandling = NullValueHandling.Ignore)] public string? Path { get; set; }
    [JsonProperty("offset")] public long Offset { get; set; }
    [JsonProperty("first_row")] public long FirstRow { get; set; }
    [JsonProperty("tokens")] public string[] Tokens { get; set; } = Array.Empty<string>();
    [JsonProperty("starts")] public int[] Starts { get; set; } = Array.Empty<int>();
    [JsonProperty("ends")] public int[] Ends { get; set; } = Array.Empty<int>();
}

/// <summary>A store entry's description (<c>meta.json</c>).</summary>
public sealed class StoredEntryMeta
{
    [JsonProperty("version")] public int Version { get; set; } = 1;
    [JsonProperty("model_id")] public string ModelId { get; set; } = "";
    [JsonProperty("corpus_id")] public string CorpusId { get; set; } = "";
    [JsonProperty("corpus_hash")] public string CorpusHash { get; set; } = "";
    [JsonProperty("hook")] public string Hook { get; set; } = "";
    [JsonProperty("shard")] public string Shard { get; set; } = "";
    [JsonProperty("width")] public int Width { get; set; }
    [JsonProperty("rows")] public long Rows { get; set; }
    [JsonProperty("dtype")] public string DType { get; set; } = "float16";
}
