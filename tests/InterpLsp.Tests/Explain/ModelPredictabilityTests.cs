using InterpLsp.Analysis.Explain.Predictability;
using InterpLsp.Model.HuggingFace;
using InterpLsp.Tests.Model.Causal;
using InterpLsp.Tests.Support;
using Newtonsoft.Json.Linq;
using CliRun = InterpLsp.Tests.Support.Cli;

namespace InterpLsp.Tests.Explain;

/// <summary>On a causal model the predictability family tries the model's own next-token entropy and surprisal
/// (<c>model:entropy</c>, <c>model:surprisal</c>): a direction read out of the final norm to track the model's entropy
/// is explained by it, on the model's own numbers.</summary>
public sealed class ModelPredictabilityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-modelpred-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static readonly string[] Words =
        ["the", "gas", "water", "warm", "heat", "mixed", "in", "a", "flask", "rose", "and", "of", "to", "cold", "air", "they", "read", "notes",
         "model", "tokens", "slowly", "two", "then", "wrote", "text", "was", "than", "kettle", "temperature", "researchers"];

    /// <summary>Seeded texts of 8-14 words (each well inside one 63-token window of the tiny model).</summary>
    private static List<string> Texts(int count, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var n = r.Next(8, 15);
            var s = string.Join(" ", Enumerable.Range(0, n).Select(_ => Words[r.Next(Words.Length)]));
            return char.ToUpperInvariant(s[0]) + s[1..] + ".";
        }).ToList();
    }

    [Fact]
    public void A_direction_fitted_to_the_models_entropy_is_explained_by_model_entropy()
    {
        var folder = TinyTokenizer.Gpt2Folder(Path.Combine(_dir, "tiny"));
        var texts = Texts(160, 5);
        var corpus = Path.Combine(_dir, "texts.jsonl");
        File.WriteAllLines(corpus, texts.Select((t, i) => new JObject { ["id"] = $"t{i}", ["text"] = t }.ToString(Newtonsoft.Json.Formatting.None)));

        // Least squares (ridge 1e-3) from the final norm's output to the model's next-token entropy on every token.
        const string hook = "ln_final.hook_normalized";
        using var model = HfLanguageModels.LoadCausal(folder);
        int w = model.Info.Width;
        var xtx = new double[w + 1, w + 1];
        var xty = new double[w + 1];
        foreach (var text in texts)
        {
            var ids = model.Tokenizer.Tokenize(text).Select(t => t.Id).ToArray();
            var run = model.Run([ids], [hook, "next_token"])[0];
            for (int t = 0; t < ids.Length; t++)
            {
                var x = run[hook].AsSpan(t * w, w).ToArray().Select(v => (double)v).Append(1.0).ToArray();
                double y = run["next_token"][2 * t];
                for (int i = 0; i <= w; i++)
                {
                    xty[i] += x[i] * y;
                    for (int j = 0; j <= w; j++) xtx[i, j] += x[i] * x[j];
                }
            }
        }
        for (int i = 0; i < w; i++) xtx[i, i] += 1e-3;
        var beta = LinearSolve.Solve(xtx, xty);
        var file = Path.Combine(_dir, "entropy-readout.json");
        File.WriteAllText(file, new JObject { ["name"] = "entropy readout", ["hook"] = hook, ["vector"] = new JArray(beta.Take(w).Select(v => (float)v)) }.ToString());

        var env = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(_dir, "cache") };
        var r = CliRun.RunWith(env, "explain", file, "--model", folder, "--corpus", corpus, "--no-library", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JObject.Parse(r.Stdout);
        // The readout's low end is where the model is sure of the next token: that side is explained by the model's own
        // low entropy, ranked first, significant against the random-direction null that tried the same candidates.
        var negative = json["sides"]!.Single(s => (string)s["side"]! == "negative");
        var best = negative["candidates"]![0]!;
        Assert.Equal("model:-entropy", (string)best["id"]!);
        Assert.True((bool)best["significant"]!, best.ToString());
        Assert.True((double)best["scores"]!["f1"]!["value"]! > 3 * (double)best["random_directions"]!["f1"]!, best.ToString());
        Assert.Contains("low next-token entropy of the model", (string)json["verdict"]!);
        // The corpus n-gram's candidates were tried beside the model's.
        Assert.Contains(negative["candidates"]!, c => ((string)c["id"]!).StartsWith("ngram:", StringComparison.Ordinal));
    }
}
