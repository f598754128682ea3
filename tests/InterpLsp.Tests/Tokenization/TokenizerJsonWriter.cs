using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace InterpLsp.Tests.Tokenization;

/// <summary>
/// Writes a Hugging Face <c>tokenizer.json</c> equivalent to <c>BertTokenizerFast(do_lower_case=True)</c>
/// for a given WordPiece vocabulary, so that the Rust <c>tokenizers</c> library (through
/// Tokenizers.DotNet) can serve as an oracle for <see cref="BertWordPieceTokenizer"/>.
/// </summary>
public static class TokenizerJsonWriter
{
    /// <param name="vocab">tokens in id order (id = index)</param>
    /// <param name="path">where to write the JSON</param>
    /// <param name="withSpecialAddedTokens">
    /// also declare [PAD]/[UNK]/[CLS]/[SEP]/[MASK] as special "added tokens", as the tokenizer.json files on the
    /// Hub do. The library then matches those literal strings in the raw input before normalisation.
    /// </param>
    public static void Write(IReadOnlyList<string> vocab, string path, bool withSpecialAddedTokens = false)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < vocab.Count; i++) ids[vocab[i]] = i; // last occurrence wins, like a JSON map / Python dict

        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");

        w.WriteStartArray("added_tokens");
        if (withSpecialAddedTokens)
        {
            foreach (var t in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" })
            {
                if (!ids.TryGetValue(t, out int id)) continue;
                w.WriteStartObject();
                w.WriteNumber("id", id);
                w.WriteString("content", t);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();

        w.WriteStartObject("normalizer");
        w.WriteString("type", "BertNormalizer");
        w.WriteBoolean("clean_text", true);
        w.WriteBoolean("handle_chinese_chars", true);
        w.WriteNull("strip_accents"); // null => follows `lowercase`
        w.WriteBoolean("lowercase", true);
        w.WriteEndObject();

        w.WriteStartObject("pre_tokenizer");
        w.WriteString("type", "BertPreTokenizer");
        w.WriteEndObject();

        w.WriteStartObject("post_processor");
        w.WriteString("type", "TemplateProcessing");
        w.WriteStartArray("single");
        Special(w, "[CLS]"); Sequence(w, "A"); Special(w, "[SEP]");
        w.WriteEndArray();
        w.WriteStartArray("pair");
        Special(w, "[CLS]"); Sequence(w, "A"); Special(w, "[SEP]"); Sequence(w, "B", 1); Special(w, "[SEP]", 1);
        w.WriteEndArray();
        w.WriteStartObject("special_tokens");
        foreach (var t in new[] { "[CLS]", "[SEP]" })
        {
            w.WriteStartObject(t);
            w.WriteString("id", t);
            w.WriteStartArray("ids"); w.WriteNumberValue(ids[t]); w.WriteEndArray();
            w.WriteStartArray("tokens"); w.WriteStringValue(t); w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("decoder");
        w.WriteString("type", "WordPiece");
        w.WriteString("prefix", "##");
        w.WriteBoolean("cleanup", true);
        w.WriteEndObject();

        w.WriteStartObject("model");
        w.WriteString("type", "WordPiece");
        w.WriteString("unk_token", "[UNK]");
        w.WriteString("continuing_subword_prefix", "##");
        w.WriteNumber("max_input_chars_per_word", 100);
        w.WriteStartObject("vocab");
        foreach (var (token, id) in ids.OrderBy(kv => kv.Value)) w.WriteNumber(token, id);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteEndObject();
    }

    private static void Special(Utf8JsonWriter w, string id, int typeId = 0)
    {
        w.WriteStartObject();
        w.WriteStartObject("SpecialToken");
        w.WriteString("id", id);
        w.WriteNumber("type_id", typeId);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Sequence(Utf8JsonWriter w, string id, int typeId = 0)
    {
        w.WriteStartObject();
        w.WriteStartObject("Sequence");
        w.WriteString("id", id);
        w.WriteNumber("type_id", typeId);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
