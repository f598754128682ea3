using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Tests.Support;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace InterpLsp.Tests.Samples;

/// <summary>The sample direction shipped in samples/directions is what its README says it is: recomputed
/// here from the contrast sentences, and it separates temperature words from the rest on held-out text.</summary>
[Collection(ModelCollection.Name)]
public class SampleDirectionTests(ModelFixture fx)
{
    public const string Hook = "blocks.3.hook_resid_post";

    public static readonly string[] TemperatureWords =
    {
        "warm", "warmer", "warmest", "hot", "hotter", "cold", "colder", "cool", "cools", "heat", "heated", "freezing",
        "frozen", "chilly", "boiling", "scorching", "icy", "lukewarm", "temperature", "degrees", "melted", "frost",
    };

    public static readonly string[] Sentences =
    {
        "The soup was still warm when we sat down to eat.",
        "It is freezing outside, so wear a thick coat.",
        "The sand on the beach was too hot to walk on.",
        "He poured cold water over his head after the race.",
        "The oven needs to heat up before you put the bread in.",
        "By noon the room had become uncomfortably hot and stuffy.",
        "The lake was icy and nobody wanted to swim.",
        "A lukewarm cup of coffee sat forgotten on the desk.",
        "The temperature dropped ten degrees overnight.",
        "The snow melted quickly in the warm afternoon sun.",
        "We sat by the fire because the cabin was chilly.",
        "The water was boiling, so she added the pasta.",
        "It was a scorching day and the streets were empty.",
        "The metal railing was cold to the touch.",
        "After the storm the air felt cooler and fresher.",
        "The heated pool is open all winter.",
        "Frost covered the grass in the early morning.",
        "My hands were frozen after an hour in the wind.",
        "The tea cools slowly in a thick mug.",
        "Summer evenings here are warmer than in the city.",
    };

    public static Direction Compute(InterpLsp.Model.Embedded.BertLanguageModel model)
    {
        var words = TemperatureWords.ToHashSet(StringComparer.OrdinalIgnoreCase);
        int width = model.GetHook(Hook).Width;
        var pos = new double[width];
        var neg = new double[width];
        int np = 0, nn = 0;
        foreach (var s in Sentences)
        {
            var tokens = model.Tokenizer.Tokenize(s);
            var rows = model.Run(new[] { tokens.Select(t => t.Id).ToArray() }, new[] { Hook })[0][Hook];
            // A token is positive when the whole word it belongs to is a temperature word.
            var wordOf = WordAround(s);
            for (int i = 0; i < tokens.Count; i++)
            {
                bool isTemp = words.Contains(wordOf(tokens[i].Start));
                var target = isTemp ? pos : neg;
                for (int d = 0; d < width; d++) target[d] += rows[i * width + d];
                if (isTemp) np++; else nn++;
            }
        }
        var v = new float[width];
        for (int d = 0; d < width; d++) v[d] = (float)(pos[d] / np - neg[d] / nn);
        return new Direction("temperature", "temperature (mass-mean)", Hook, v, DirectionKind.Projection);
    }

    private static Func<int, string> WordAround(string s) => at =>
    {
        int a = at, b = at;
        while (a > 0 && char.IsLetter(s[a - 1])) a--;
        while (b < s.Length && char.IsLetter(s[b])) b++;
        return s[a..b];
    };

    private static string SamplePath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        return Path.Combine(new[] { dir!.FullName, "samples" }.Concat(parts).ToArray());
    }

    [Fact]
    public void Shipped_direction_equals_the_recomputed_mass_mean()
    {
        var computed = Compute(fx.Model);
        var path = SamplePath("directions", "temperature.json");
        if (Environment.GetEnvironmentVariable("INTERP_REGENERATE_SAMPLES") == "1")
            File.WriteAllText(path, JsonConvert.SerializeObject(new { name = "temperature (mass-mean)", hook = Hook, vector = computed.Vector }) + "\n");
        var shipped = DirectionSpecParser.Load(path, h => fx.Model.GetHook(h).Width, null);
        Assert.Equal(Hook, shipped.Hook);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < computed.Vector.Length; i++)
        {
            dot += computed.Vector[i] * shipped.Vector[i];
            na += computed.Vector[i] * computed.Vector[i];
            nb += shipped.Vector[i] * shipped.Vector[i];
        }
        Assert.True(dot / Math.Sqrt(na * nb) >= 0.9999, $"cosine {dot / Math.Sqrt(na * nb)}");
    }

    [Fact]
    public void Shipped_direction_separates_temperature_words_in_the_sample_text()
    {
        var d = DirectionSpecParser.Load(SamplePath("directions", "temperature.json"), h => fx.Model.GetHook(h).Width, null);
        var text = File.ReadAllText(SamplePath("heat-and-disorder.txt"));
        var tokens = Engines.Activations(fx.Model, text, d);
        var words = TemperatureWords.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var temp = tokens.Where(t => words.Contains(t.Text)).Select(t => t.Value).ToList();
        var other = tokens.Where(t => !words.Contains(t.Text) && t.Text.All(char.IsLetter)).Select(t => t.Value).ToList();
        Assert.True(temp.Count >= 5);
        // AUROC of temperature words vs other words, on text the direction was not computed from.
        double auroc = temp.Sum(p => other.Count(n => p > n) + 0.5 * other.Count(n => p == n)) / (temp.Count * (double)other.Count);
        Assert.True(auroc >= 0.85, $"AUROC {auroc:F3}");
    }
}
