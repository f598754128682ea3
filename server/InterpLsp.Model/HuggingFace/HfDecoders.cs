using InterpLsp.Interp.IO;
using InterpLsp.Model.Causal;

namespace InterpLsp.Model.HuggingFace;

/// <summary>Which decoder a config.json describes (<c>architectures</c>, else <c>model_type</c>), built over its
/// weights; an architecture we do not run is refused by name, listing those we do.</summary>
public static class HfDecoders
{
    public const string Supported = "GPT2LMHeadModel, GPTNeoXForCausalLM, LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM, BertModel, BertForMaskedLM";

    /// <summary>The family of BERT encoders (<see cref="HfBert"/>), which are not decoders.</summary>
    public const string Bert = "BERT";

    /// <summary>The decoder of <paramref name="config"/>'s architecture over <paramref name="weights"/>.</summary>
    public static Decoder DecoderOf(HfConfig config, SafetensorsCheckpoint weights) => Family(config) switch
    {
        "GPT-2" => new Gpt2Decoder(config, weights),
        "GPT-NeoX" => new GptNeoXDecoder(config, weights),
        Bert => throw new ModelFolderException(config.Path, "a BERT encoder is not a decoder (load it with HfBert)"),
        var f => new LlamaDecoder(config, weights, f),
    };

    /// <summary>GPT-2, GPT-NeoX, Llama, Mistral, Qwen2, Qwen3 or BERT; otherwise a clear error naming the architecture.</summary>
    public static string Family(HfConfig c)
    {
        var arch = c.Architecture;
        var type = c.ModelType ?? "";
        return (arch, type) switch
        {
            ("GPT2LMHeadModel" or "GPT2Model", _) or (_, "gpt2") => "GPT-2",
            ("GPTNeoXForCausalLM" or "GPTNeoXModel", _) or (_, "gpt_neox") => "GPT-NeoX",
            ("LlamaForCausalLM" or "LlamaModel", _) or (_, "llama") => "Llama",
            ("MistralForCausalLM" or "MistralModel", _) or (_, "mistral") => "Mistral",
            ("Qwen2ForCausalLM" or "Qwen2Model", _) or (_, "qwen2") => "Qwen2",
            ("Qwen3ForCausalLM" or "Qwen3Model", _) or (_, "qwen3") => "Qwen3",
            ("BertModel" or "BertForMaskedLM", _) or (_, "bert") => Bert,
            _ => throw new ModelFolderException(c.Path,
                $"architecture '{Echo.Input(arch.Length > 0 ? arch : type, 60)}' is not supported; InterpLsp runs {Supported}"),
        };
    }

}
