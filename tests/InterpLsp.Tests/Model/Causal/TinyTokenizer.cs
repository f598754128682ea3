using System.Text;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// A GPT-2-style byte-level BPE tokenizer.json for tiny models: the 256 byte symbols (GPT-2's byte-to-unicode
/// alphabet) as ids 0..255, then merges learned greedily from a fixed English sample, then <c>&lt;|endoftext|&gt;</c>
/// as the last id (a special added token, the BOS of GPT-2). Vocabulary size = <see cref="Size"/>.
/// </summary>
public static class TinyTokenizer
{
    public const int Size = 320;
    public const string EndOfText = "<|endoftext|>";

    private const string Sample =
        "The temperature of the gas rose as the two gases mixed. The water in the kettle was warmer than the air. " +
        "Researchers read the model's directions on the text and the tokens, then they wrote it down in the notes.";

    /// <summary>GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to 256 + n.</summary>
    public static char[] ByteAlphabet()
    {
        var map = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)(256 + n++);
        }
        return map;
    }

    public static void Write(string dir)
    {
        var alphabet = ByteAlphabet();
        var vocab = new List<string>(alphabet.Select(c => c.ToString()));
        var words = System.Text.RegularExpressions.Regex.Matches(Sample, @" ?\p{L}+| ?[^\s\p{L}]+|\s+")
            .Select(m => Encoding.UTF8.GetBytes(m.Value).Select(b => alphabet[b].ToString()).ToList()).ToList();
        var merges = new List<string>();
        while (vocab.Count < Size - 1)
        {
            var counts = new Dictionary<(string, string), int>();
            foreach (var w in words)
                for (int i = 0; i + 1 < w.Count; i++)
                    counts[(w[i], w[i + 1])] = counts.GetValueOrDefault((w[i], w[i + 1])) + 1;
            if (counts.Count == 0) break;
            var best = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal)
                .ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal).First().Key;
            merges.Add($"{best.Item1} {best.Item2}");
            vocab.Add(best.Item1 + best.Item2);
            foreach (var w in words)
                for (int i = 0; i + 1 < w.Count; i++)
                    if (w[i] == best.Item1 && w[i + 1] == best.Item2) { w[i] += w[i + 1]; w.RemoveAt(i + 1); }
        }
        while (vocab.Count < Size - 1) vocab.Add($"<unused{vocab.Count}>");
        vocab.Add(EndOfText);
        var json = new JObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JArray(new JObject
            {
                ["id"] = Size - 1, ["content"] = EndOfText, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = true, ["special"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = new JObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
            ["decoder"] = new JObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = new JObject(vocab.Select((t, i) => new JProperty(t, i))),
                ["merges"] = new JArray(merges),
            },
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json.ToString());
    }

    /// <summary>A tiny GPT-2 with this tokenizer, written as a complete Hugging Face folder.</summary>
    public static string Gpt2Folder(string dir, int seed = 1, int positions = 64)
    {
        var m = TinyCheckpoints.Gpt2(seed: seed, positions: positions, vocab: Size);
        TinyCheckpoints.WriteFolder(m, dir);
        Write(dir);
        return dir;
    }

    /// <summary>A direction file holding token <paramref name="token"/>'s embedding row of the tiny GPT-2 (its
    /// unembedding row too: GPT-2 ties them) at blocks.1.hook_resid_post; its logit effects and steering are known.</summary>
    public static string TokenRowDirection(string dir, int token)
    {
        var m = TinyCheckpoints.Gpt2(vocab: Size);
        var row = m["wte.weight"].Skip(token * m.Hidden).Take(m.Hidden).ToArray();
        var file = Path.Combine(dir, $"token-{token}-row.json");
        File.WriteAllText(file, new JObject { ["name"] = $"token {token} row", ["hook"] = "blocks.1.hook_resid_post", ["vector"] = new JArray(row) }.ToString());
        return file;
    }
}
