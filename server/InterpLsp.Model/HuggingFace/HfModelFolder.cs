using InterpLsp.Interp.IO;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// The files of a Hugging Face model folder: <c>config.json</c>, the safetensors weights (one file or the shards of
/// <c>model.safetensors.index.json</c>) and the tokenizer (<c>tokenizer.json</c>; or GPT-2's <c>vocab.json</c> +
/// <c>merges.txt</c>; or BERT's <c>vocab.txt</c>). A folder with only PyTorch pickles (<c>*.bin</c>) is refused:
/// unpickling runs code.
/// </summary>
public sealed record HfModelFolder(string Directory, string ConfigPath, IReadOnlyList<string> WeightFiles)
{
    public const string Config = "config.json";
    public const string SingleWeights = "model.safetensors";
    public const string ShardIndex = "model.safetensors.index.json";

    public string File(string name) => Path.Combine(Directory, name);

    public bool Has(string name) => System.IO.File.Exists(File(name));

    /// <summary>Whether <paramref name="directory"/> looks like a model folder (has a config.json).</summary>
    public static bool LooksLikeModel(string directory) =>
        System.IO.Directory.Exists(directory) && System.IO.File.Exists(Path.Combine(directory, Config));

    public static HfModelFolder Open(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir))
            throw new ModelFolderException(dir, System.IO.File.Exists(dir) ? "is a file; a model is a folder with config.json and weights" : "no such folder");
        var config = Path.Combine(dir, Config);
        if (!System.IO.File.Exists(config))
            throw new ModelFolderException(dir, $"no {Config} here ({Listing(dir)}); a Hugging Face model folder has config.json, model.safetensors and the tokenizer files");
        var index = Path.Combine(dir, ShardIndex);
        var single = Path.Combine(dir, SingleWeights);
        IReadOnlyList<string> weights;
        if (System.IO.File.Exists(index)) weights = SafetensorsCheckpoint.ShardsOf(index);
        else if (System.IO.File.Exists(single)) weights = [single];
        else
        {
            var any = System.IO.Directory.GetFiles(dir, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
            if (any.Length == 1) weights = any;
            else if (any.Length > 1)
                throw new ModelFolderException(dir, $"{any.Length} .safetensors files but no {ShardIndex} saying which tensor is where");
            else if (System.IO.Directory.GetFiles(dir, "*.bin").Length > 0 || System.IO.Directory.GetFiles(dir, "*.pt").Length > 0)
                throw new ModelFolderException(dir,
                    "holds only PyTorch pickle weights (.bin/.pt), which InterpLsp never loads (unpickling can run code); " +
                    "save a safetensors copy with transformers: AutoModel.from_pretrained(DIR).save_pretrained(DIR, safe_serialization=True)");
            else throw new ModelFolderException(dir, $"no weights: neither {SingleWeights} nor {ShardIndex} ({Listing(dir)})");
        }
        return new HfModelFolder(dir, config, weights);
    }

    private static string Listing(string dir)
    {
        var names = System.IO.Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Take(13).ToList();
        if (names.Count == 0) return "the folder is empty";
        return "it holds " + string.Join(", ", names.Take(12).Select(n => Echo.Input(n, 60))) + (names.Count > 12 ? ", ..." : "");
    }
}
