using System.Text;
using InterpLsp.Interp.IO;
using InterpLsp.Model.Tokenization;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// The WordPiece tokenizer of a BERT folder: a <c>tokenizer.json</c> whose model is <c>WordPiece</c>, else
/// <c>vocab.txt</c> (with <c>tokenizer_config.json</c> when present). InterpLsp's WordPiece is Hugging Face's uncased
/// BERT pipeline (BertNormalizer lowercasing and stripping accents, BertPreTokenizer, "##" continuations, [UNK]
/// for words over 100 characters); a tokenizer that differs from it (cased, another prefix or unknown token) is
/// refused naming what differs, since its ids would not be the model's. As for the embedded model, the literal text
/// "[SEP]" in a document is text, not a separator.
/// </summary>
public static class HfWordPiece
{
    public const long MaxVocabBytes = TokenizerJsonReader.MaxFileBytes;

    public static BertWordPieceTokenizer Load(HfModelFolder folder)
    {
        if (folder.Has("tokenizer.json"))
        {
            var path = folder.File("tokenizer.json");
            var json = HfConfig.ReadJson(path, MaxVocabBytes);
            if (json["model"] is JObject model && (string?)model["type"] == "WordPiece") return FromTokenizerJson(path, json, model);
            if (!folder.Has("vocab.txt"))
                throw new ModelFolderException(path, $"a BERT model needs a WordPiece tokenizer; this one's model is '{Echo.Input((string?)json["model"]?["type"] ?? "(none)", 40)}'");
        }
        if (!folder.Has("vocab.txt"))
            throw new ModelFolderException(folder.Directory, "no tokenizer: a BERT folder needs tokenizer.json (WordPiece) or vocab.txt");
        if (folder.Has("tokenizer_config.json")) CheckTokenizerConfig(folder.File("tokenizer_config.json"));
        var vocab = folder.File("vocab.txt");
        var bytes = SafeFile.ReadAllBytes(vocab, p => new ModelFolderException(vocab, p), MaxVocabBytes);
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new ModelFolderException(vocab, "is not UTF-8 text"); }
        using var reader = new StringReader(text);
        return Wrap(vocab, () => BertWordPieceTokenizer.FromVocab(reader));
    }

    private static BertWordPieceTokenizer FromTokenizerJson(string path, JObject json, JObject model)
    {
        if (json["normalizer"] is not JObject norm || (string?)norm["type"] != "BertNormalizer")
            throw new ModelFolderException(path, $"normalizer '{Echo.Input(TypeOf(json["normalizer"]), 40)}' is not supported; a WordPiece tokenizer needs BertNormalizer");
        if (norm["lowercase"] is JValue { Type: JTokenType.Boolean } lower && !(bool)lower)
            throw new ModelFolderException(path, "a cased BERT tokenizer (BertNormalizer lowercase: false) is not supported; InterpLsp's WordPiece is the uncased pipeline");
        if (norm["strip_accents"] is JValue { Type: JTokenType.Boolean } strip && !(bool)strip)
            throw new ModelFolderException(path, "BertNormalizer strip_accents: false is not supported (the uncased pipeline strips accents)");
        if (norm["handle_chinese_chars"] is JValue { Type: JTokenType.Boolean } cjk && !(bool)cjk)
            throw new ModelFolderException(path, "BertNormalizer handle_chinese_chars: false is not supported");
        if (json["pre_tokenizer"] is JObject pre && (string?)pre["type"] != "BertPreTokenizer")
            throw new ModelFolderException(path, $"pre-tokenizer '{Echo.Input(TypeOf(pre), 40)}' is not supported with WordPiece (BertPreTokenizer only)");
        Expect(path, model, "unk_token", "[UNK]");
        Expect(path, model, "continuing_subword_prefix", "##");
        if (model["max_input_chars_per_word"] is JValue { Type: JTokenType.Integer } max && (long)max != 100)
            throw new ModelFolderException(path, $"WordPiece max_input_chars_per_word {(long)max} is not supported (100 only)");
        if (model["vocab"] is not JObject vocab || vocab.Count == 0)
            throw new ModelFolderException(path, "the WordPiece model has no vocab");
        var tokens = new string?[vocab.Count];
        foreach (var p in vocab.Properties())
        {
            long id = p.Value is JValue { Value: long v } ? v : -1;
            if (id < 0 || id >= tokens.Length)
                throw new ModelFolderException(path, $"vocab entry '{Echo.Input(p.Name, 40)}' has id {Echo.Input(p.Value.ToString(), 20)}; ids must be 0..{tokens.Length - 1}");
            if (tokens[(int)id] is { } other)
                throw new ModelFolderException(path, $"vocab entries '{Echo.Input(other, 40)}' and '{Echo.Input(p.Name, 40)}' share id {id}");
            tokens[(int)id] = p.Name;
        }
        return Wrap(path, () => BertWordPieceTokenizer.FromTokens(tokens!));
    }

    private static void CheckTokenizerConfig(string path)
    {
        var c = HfConfig.Read(path);
        if (!c.Bool("do_lower_case", true))
            throw new ModelFolderException(path, "a cased BERT tokenizer (do_lower_case: false) is not supported; InterpLsp's WordPiece is the uncased pipeline");
        if (c.Raw("strip_accents") is JValue { Type: JTokenType.Boolean } strip && !(bool)strip)
            throw new ModelFolderException(path, "strip_accents: false is not supported (the uncased pipeline strips accents)");
        if (c.OptionalString("unk_token") is { } unk && unk != "[UNK]")
            throw new ModelFolderException(path, $"unk_token '{Echo.Input(unk, 40)}' is not supported ([UNK] only)");
    }

    private static void Expect(string path, JObject model, string field, string expected)
    {
        if (model[field] is JValue { Type: JTokenType.String } v && (string)v! != expected)
            throw new ModelFolderException(path, $"WordPiece {field} '{Echo.Input((string)v!, 40)}' is not supported ('{expected}' only)");
    }

    private static string TypeOf(JToken? node) => node is JObject o && o["type"] is JValue { Type: JTokenType.String } t ? (string)t! : "(none)";

    private static BertWordPieceTokenizer Wrap(string path, Func<BertWordPieceTokenizer> make)
    {
        try { return make(); }
        catch (InvalidDataException e) { throw new ModelFolderException(path, e.Message.TrimEnd('.')); }
    }
}
