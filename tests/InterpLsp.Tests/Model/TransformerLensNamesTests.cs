using InterpLsp.Analysis.Engine;
using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Tests.Model;

/// <summary>TransformerLens names (SAELens cfg.json model_name) of Hugging Face hub ids, as transformer_lens's
/// supported_models.py MODEL_ALIASES gives them, plus the rule ORG/NAME → name lowercased.</summary>
public class TransformerLensNamesTests
{
    [Theory]
    [InlineData("gpt2", "gpt2-small")]
    [InlineData("GPT2", "gpt2-small")]
    [InlineData("distilgpt2", "distillgpt2,distill-gpt2,distil-gpt2,gpt2-xs")]
    [InlineData("gpt2-medium", "")]
    [InlineData("gpt2-xl", "")]
    [InlineData("EleutherAI/pythia-70m-deduped", "pythia-70m-deduped,EleutherAI/pythia-19m-deduped,pythia-19m-deduped")]
    [InlineData("EleutherAI/pythia-70m", "pythia-70m,pythia,EleutherAI/pythia-19m,pythia-19m")]
    [InlineData("EleutherAI/pythia-2.8b-deduped", "pythia-2.8b-deduped")]
    [InlineData("google/gemma-2-2b", "gemma-2-2b")]
    [InlineData("google/gemma-2-9b-it", "gemma-2-9b-it")]
    [InlineData("meta-llama/Llama-3.1-8B", "llama-3.1-8b")]
    [InlineData("meta-llama/Llama-2-7b-hf", "Llama-2-7b,llama-2-7b-hf")]
    [InlineData("mistralai/Mistral-7B-v0.1", "mistral-7b,mistral-7b-v0.1")]
    [InlineData("Qwen/Qwen2.5-7B", "qwen2.5-7b")]
    [InlineData("roneneldan/TinyStories-33M", "tiny-stories-33M,tinystories-33m")]
    [InlineData("NeelNanda/GELU_1L512W_C4_Code", "gelu-1l,gelu-1l-new,gelu-1l-c4-code,gelu_1l512w_c4_code")]
    [InlineData("  ", "")]
    public void Aliases_of_a_hub_name(string hub, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), TransformerLensNames.AliasesOf(hub));

    [Fact]
    public void Each_name_once_and_never_the_hub_name_itself()
    {
        foreach (var hub in TransformerLensNames.Aliases.Keys)
        {
            var names = TransformerLensNames.AliasesOf(hub);
            Assert.NotEmpty(names);
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.DoesNotContain(hub, names, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_registry_with_these_aliases_resolves_saelens_model_names()
    {
        var registry = new ModelRegistry();
        foreach (var hub in new[] { "gpt2", "EleutherAI/pythia-70m-deduped", "google/gemma-2-2b" })
            registry.Add("hf:" + hub.Replace('/', '_'), () => throw new InvalidOperationException("not loaded"), () => throw new InvalidOperationException(),
                [hub, .. TransformerLensNames.AliasesOf(hub)]);
        Assert.Equal("hf:gpt2", registry.Resolve("gpt2-small"));
        Assert.Equal("hf:EleutherAI_pythia-70m-deduped", registry.Resolve("pythia-70m-deduped"));
        Assert.Equal("hf:google_gemma-2-2b", registry.Resolve("gemma-2-2b"));
        Assert.False(registry.TryResolve("pythia-70m", out _));
    }
}
