using System.Diagnostics;
using InterpLsp.Interp.IO;
using InterpLsp.Model.Causal;
using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// Loads a Hugging Face model folder (or a model of the local cache) as an <see cref="ILanguageModel"/>: picks the
/// architecture from config.json (<c>architectures</c>, else <c>model_type</c>), reads the safetensors weights and
/// the tokenizer. An architecture we do not run is refused by name, listing those we do.
/// </summary>
public static class HfLanguageModels
{
    /// <summary>The folder a name stands for: an existing folder path, else a model of the local cache.</summary>
    public static string FolderOf(string nameOrPath)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = nameOrPath.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, nameOrPath[2..]) : nameOrPath;
        if (Directory.Exists(path) || Path.IsPathRooted(path) || path.StartsWith('.') || !HfHubCache.IsHubName(path))
            return Path.GetFullPath(path);
        return HfHubCache.Require(path);
    }

    /// <summary>The model's name for people: the hub name for a cache snapshot (ORG/NAME), else the folder's name.</summary>
    public static string NameOf(string folder)
    {
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var parts = full.Split(Path.DirectorySeparatorChar);
        for (int i = parts.Length - 3; i >= 0; i--)
            if (parts[i].StartsWith("models--", StringComparison.Ordinal) && parts[i + 1] == "snapshots")
                return parts[i]["models--".Length..].Replace("--", "/");
        return Path.GetFileName(full);
    }

    /// <summary>Loads the folder (or cached model) <paramref name="nameOrPath"/>: a causal decoder, or a BERT encoder.</summary>
    public static ILanguageModel Load(string nameOrPath, CancellationToken cancellation = default)
    {
        var folder = HfModelFolder.Open(FolderOf(nameOrPath));
        var config = HfConfig.Read(folder.ConfigPath);
        return HfDecoders.Family(config) == HfDecoders.Bert // an unknown architecture is refused before anything else is read
            ? HfBert.Load(folder, config, NameOf(folder.Directory), cancellation)
            : LoadCausal(folder, config, cancellation);
    }

    /// <summary>Loads the causal decoder of <paramref name="nameOrPath"/>; an encoder is refused naming what it is.</summary>
    public static CausalLanguageModel LoadCausal(string nameOrPath, CancellationToken cancellation = default)
    {
        var folder = HfModelFolder.Open(FolderOf(nameOrPath));
        var config = HfConfig.Read(folder.ConfigPath);
        if (HfDecoders.Family(config) == HfDecoders.Bert)
            throw new ModelFolderException(folder.Directory, $"is a BERT encoder ({config.Architecture}); this needs a causal language model");
        return LoadCausal(folder, config, cancellation);
    }

    private static CausalLanguageModel LoadCausal(HfModelFolder folder, HfConfig config, CancellationToken cancellation)
    {
        var sw = Stopwatch.StartNew();
        Native.MklShim.EnsureLoaded(); // the MKL shim and the thread policy, before libtorch runs anything
        var tokenizer = HfTokenizers.Load(folder);
        using var weights = SafetensorsCheckpoint.Open(folder.WeightFiles, cancellation);
        var decoder = HfDecoders.DecoderOf(config, weights);
        try
        {
            if (tokenizer.VocabSize > decoder.Shape.Vocab)
                throw new ModelFolderException(folder.Directory, $"the tokenizer has {tokenizer.VocabSize} tokens but the model's vocabulary only {decoder.Shape.Vocab}");
            int? bos = config.TokenId("bos_token_id") ?? config.TokenId("eos_token_id") ?? HfTokenizers.EndOfText(tokenizer);
            if (bos is int b && b >= decoder.Shape.Vocab)
                throw new ModelFolderException(folder.ConfigPath, $"bos_token_id {b} is outside the vocabulary ({decoder.Shape.Vocab})");
            return new CausalLanguageModel(decoder, tokenizer, bos, NameOf(folder.Directory), folder.Directory, sw.Elapsed.TotalSeconds);
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    /// <summary>The tokenizer of a folder alone (no weights read).</summary>
    public static ITokenizer TokenizerOf(string nameOrPath)
    {
        var folder = HfModelFolder.Open(FolderOf(nameOrPath));
        return HfDecoders.Family(HfConfig.Read(folder.ConfigPath)) == HfDecoders.Bert ? HfWordPiece.Load(folder) : HfTokenizers.Load(folder);
    }
}
