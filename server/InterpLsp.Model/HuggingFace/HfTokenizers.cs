using InterpLsp.Interp.IO;
using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.HuggingFace;

/// <summary>The tokenizer of a Hugging Face folder: <c>tokenizer.json</c> (byte-level BPE: GPT-2, GPT-NeoX, Llama 3,
/// Qwen2; SentencePiece-style BPE with byte fallback: Llama 2, Mistral), else GPT-2's <c>vocab.json</c> +
/// <c>merges.txt</c>. A folder with only SentencePiece's own <c>tokenizer.model</c> (a protobuf) is refused by name.</summary>
public static class HfTokenizers
{
    public static ITokenizer Load(HfModelFolder folder)
    {
        if (folder.Has("tokenizer.json")) return BpeTokenizer.FromTokenizerJson(folder.File("tokenizer.json"));
        if (folder.Has("vocab.json") && folder.Has("merges.txt"))
            return BpeTokenizer.FromVocabAndMerges(folder.File("vocab.json"), folder.File("merges.txt"));
        if (folder.Has("tokenizer.model"))
            throw new ModelFolderException(folder.Directory,
                "has only a SentencePiece tokenizer.model, which InterpLsp does not read; a tokenizer.json (saved by transformers' fast tokenizer) is needed");
        throw new ModelFolderException(folder.Directory, "no tokenizer: neither tokenizer.json nor vocab.json + merges.txt");
    }

    /// <summary>GPT-2's <c>&lt;|endoftext|&gt;</c> where the tokenizer has it (the BOS SAELens prepends), else null.</summary>
    public static int? EndOfText(ITokenizer tokenizer) =>
        tokenizer is BpeTokenizer b ? b.TokenId("<|endoftext|>") : null;
}
