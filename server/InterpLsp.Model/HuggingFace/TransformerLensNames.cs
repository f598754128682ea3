namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// The names TransformerLens (and so SAELens's cfg.json <c>model_name</c>, and Neuronpedia) uses for a Hugging Face
/// model: <c>gpt2-small</c> for <c>gpt2</c>, <c>pythia-70m-deduped</c> for <c>EleutherAI/pythia-70m-deduped</c>.
/// TransformerLens's own official names are the hub ids, and it compares names ignoring case
/// (<c>loading_from_pretrained.get_official_model_name</c>); its aliases come from <c>MODEL_ALIASES</c> in
/// <c>transformer_lens/supported_models.py</c>, of which the table here keeps the most used.
/// </summary>
public static class TransformerLensNames
{
    /// <summary>TransformerLens's <c>MODEL_ALIASES</c> for the most used hub ids (the aliases as TransformerLens spells
    /// them). Hub ids whose only alias is the name after the organisation (<c>google/gemma-2-2b</c> →
    /// <c>gemma-2-2b</c>, <c>Qwen/Qwen2.5-7B</c> → <c>qwen2.5-7b</c>) need no entry: the rule of
    /// <see cref="AliasesOf"/> gives it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt2"] = ["gpt2-small"],
        ["distilgpt2"] = ["distillgpt2", "distill-gpt2", "distil-gpt2", "gpt2-xs"],
        ["EleutherAI/pythia-14m"] = ["pythia-14m"],
        ["EleutherAI/pythia-70m"] = ["pythia-70m", "pythia", "EleutherAI/pythia-19m", "pythia-19m"],
        ["EleutherAI/pythia-70m-deduped"] = ["pythia-70m-deduped", "EleutherAI/pythia-19m-deduped", "pythia-19m-deduped"],
        ["EleutherAI/pythia-160m"] = ["pythia-160m", "EleutherAI/pythia-125m", "pythia-125m"],
        ["EleutherAI/pythia-160m-deduped"] = ["pythia-160m-deduped", "EleutherAI/pythia-125m-deduped", "pythia-125m-deduped"],
        ["EleutherAI/pythia-410m"] = ["pythia-410m", "EleutherAI/pythia-350m", "pythia-350m"],
        ["EleutherAI/pythia-410m-deduped"] = ["pythia-410m-deduped", "EleutherAI/pythia-350m-deduped", "pythia-350m-deduped"],
        ["EleutherAI/pythia-1b"] = ["pythia-1b", "EleutherAI/pythia-800m", "pythia-800m"],
        ["EleutherAI/pythia-1b-deduped"] = ["pythia-1b-deduped", "EleutherAI/pythia-800m-deduped", "pythia-800m-deduped"],
        ["EleutherAI/pythia-1.4b"] = ["pythia-1.4b", "EleutherAI/pythia-1.3b", "pythia-1.3b"],
        ["EleutherAI/pythia-1.4b-deduped"] = ["pythia-1.4b-deduped", "EleutherAI/pythia-1.3b-deduped", "pythia-1.3b-deduped"],
        ["EleutherAI/pythia-2.8b"] = ["pythia-2.8b", "EleutherAI/pythia-2.7b", "pythia-2.7b"],
        ["EleutherAI/pythia-6.9b"] = ["pythia-6.9b", "EleutherAI/pythia-6.7b", "pythia-6.7b"],
        ["EleutherAI/pythia-12b"] = ["pythia-12b", "EleutherAI/pythia-13b", "pythia-13b"],
        ["EleutherAI/gpt-neo-125M"] = ["gpt-neo-125M", "gpt-neo-small", "neo-small", "neo"],
        ["EleutherAI/gpt-j-6B"] = ["gpt-j-6B", "gpt-j", "gptj"],
        ["facebook/opt-125m"] = ["opt-125m", "opt-small", "opt"],
        ["meta-llama/Llama-2-7b-hf"] = ["Llama-2-7b"],
        ["meta-llama/Llama-2-7b-chat-hf"] = ["Llama-2-7b-chat"],
        ["meta-llama/Llama-2-13b-hf"] = ["Llama-2-13b"],
        ["mistralai/Mistral-7B-v0.1"] = ["mistral-7b"],
        ["mistralai/Mistral-7B-Instruct-v0.1"] = ["mistral-7b-instruct"],
        ["microsoft/Phi-3-mini-4k-instruct"] = ["phi-3"],
        ["Qwen/Qwen-1_8B"] = ["qwen-1.8b"],
        ["roneneldan/TinyStories-1M"] = ["tiny-stories-1M"],
        ["roneneldan/TinyStories-33M"] = ["tiny-stories-33M"],
        ["roneneldan/TinyStories-1Layer-21M"] = ["tiny-stories-1L-21M"],
        ["roneneldan/TinyStories-2Layers-33M"] = ["tiny-stories-2L-33M"],
        ["NeelNanda/GELU_1L512W_C4_Code"] = ["gelu-1l", "gelu-1l-new", "gelu-1l-c4-code"],
        ["NeelNanda/GELU_2L512W_C4_Code"] = ["gelu-2l", "gelu-2l-new", "gelu-2l-c4-code"],
        ["NeelNanda/SoLU_1L512W_C4_Code"] = ["solu-1l", "solu-1l-new", "solu-1l-c4-code"],
    };

    /// <summary>The TransformerLens names of the hub model <paramref name="hubName"/>, other than <paramref name="hubName"/>
    /// itself (which TransformerLens also accepts), first what <see cref="Aliases"/> lists, then the rule
    /// <c>ORG/NAME</c> → <c>NAME</c> lowercased (<c>meta-llama/Llama-3.1-8B</c> → <c>llama-3.1-8b</c>); each name once,
    /// compared ignoring case as TransformerLens does. Empty for a blank name.</summary>
    public static IReadOnlyList<string> AliasesOf(string hubName)
    {
        var hub = (hubName ?? "").Trim();
        if (hub.Length == 0) return [];
        var result = new List<string>();
        void Add(string name)
        {
            if (name.Length > 0 && !name.Equals(hub, StringComparison.OrdinalIgnoreCase)
                && !result.Contains(name, StringComparer.OrdinalIgnoreCase))
                result.Add(name);
        }
        if (Aliases.TryGetValue(hub, out var listed)) foreach (var a in listed) Add(a);
        int slash = hub.LastIndexOf('/');
        if (slash >= 0) Add(hub[(slash + 1)..].ToLowerInvariant());
        return result;
    }
}
