using InterpLsp.Model.HuggingFace;
using InterpLsp.Model.Tokenization;
using InterpLsp.Tests.Tokenization;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>A Mistral / Llama 2 folder whose tokenizer.json is SentencePiece-style BPE (the legacy Prepend/Replace
/// normalizer, byte fallback) loads, tokenizes as Hugging Face's Rust library does, runs with its BOS &lt;s&gt;, and
/// decodes generated tokens back to text.</summary>
public sealed class SentencePieceFolderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-spfolder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_Mistral_folder_with_a_SentencePiece_style_tokenizer_json_loads_and_runs()
    {
        var vocab = SentencePieceVocab.Vocab.Count;
        var folder = TinyCheckpoints.WriteFolder(TinyCheckpoints.Llama("Mistral", vocab: vocab), Path.Combine(_dir, "tiny-mistral"));
        BpeJsonSpec.Llama2Style("legacy").Write(Path.Combine(folder, "tokenizer.json"));

        using var model = HfLanguageModels.LoadCausal(folder);
        var tokenizer = Assert.IsType<BpeTokenizer>(model.Tokenizer);
        Assert.True(tokenizer.IsMetaspace);
        Assert.Equal(1, model.BosId); // <s>
        var text = "The temperature rose 😀 and the gases mixed.";
        var tokens = model.Tokenizer.Tokenize(text);
        using (var hf = new Tokenizers.DotNet.Tokenizer(Path.Combine(folder, "tokenizer.json")))
            Assert.Equal(hf.Encode(text).Select(i => (int)i), tokens.Select(t => t.Id));
        var next = model.Run([tokens.Select(t => t.Id).ToArray()], ["next_token", "blocks.1.hook_resid_post"])[0];
        Assert.Equal(2 * tokens.Count, next["next_token"].Length);
        Assert.All(next["next_token"], v => Assert.True(float.IsFinite(v)));
        // Generated ids read back as text: "▁" is a space, the emoji's four byte tokens one character again.
        Assert.Equal(" " + text, model.Decode(tokens.Select(t => t.Id).ToArray()));
    }
}
