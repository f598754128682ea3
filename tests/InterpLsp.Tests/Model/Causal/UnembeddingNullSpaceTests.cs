using InterpLsp.Tests.Support;
using InterpLsp.Model.Causal;
using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>The entropy-neuron test's share: scale-free, about K/width for random directions, low for a direction the
/// unembedding reads strongly, and high for a direction built inside the span it measures.</summary>
public sealed class UnembeddingNullSpaceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "interplsp-null-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private Decoder Load(TinyModel m)
    {
        var folder = TinyCheckpoints.WriteFolder(m, Path.Combine(_dir, Guid.NewGuid().ToString("N")));
        using var w = SafetensorsCheckpoint.Open([Path.Combine(folder, "model.safetensors")]);
        return HfDecoders.DecoderOf(HfConfig.Read(Path.Combine(folder, "config.json")), w);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama-gqa")]
    public void Shares_are_scale_free_and_random_directions_sit_near_k_over_width(string family)
    {
        var m = DecoderForwardTests.Tiny(family);
        using var d = Load(m);
        var rng = new Random(4);
        var v = Enumerable.Range(0, m.Hidden).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var a = UnembeddingNullSpace.Of(d, v, k: 4, draws: 500);
        var b = UnembeddingNullSpace.Of(d, v.Select(x => 7 * x).ToArray(), k: 4, draws: 500);
        Assert.Equal(a.Share, b.Share, 1e-6); // d is float32: 7d rounds in the 8th digit
        int free = m.Hidden - (family == "gpt2" ? 1 : 0); // a LayerNorm model leaves out the all-ones direction
        Assert.InRange(a.RandomMean, 0.6 * 4.0 / free, 1.4 * 4.0 / free);
    }

    [Fact]
    public void A_token_unembedding_row_is_low_and_a_bottom_direction_is_at_the_top()
    {
        var m = TinyCheckpoints.Llama("Llama", seed: 11, hidden: 32);
        using var d = Load(m);
        // A direction the unembedding reads strongly: the sum of the rows of the most-read tokens is far from the null space.
        var head = m["lm_head.weight"];
        var row = Enumerable.Range(0, m.Hidden).Select(i => Enumerable.Range(0, m.Vocab).Sum(v => head[v * m.Hidden + i] * head[v * m.Hidden])).ToArray();
        var strong = UnembeddingNullSpace.Of(d, row.Select(x => (float)x).ToArray(), k: 4);
        Assert.True(strong.Percentile < 50, $"percentile {strong.Percentile}");

        // The smallest right singular vector of W_U diag(g), by inverse power iteration written here in doubles.
        var g = m["model.norm.weight"];
        int h = m.Hidden;
        var gram = new double[h, h];
        for (int v = 0; v < m.Vocab; v++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < h; j++)
                    gram[i, j] += head[v * h + i] * g[i] * head[v * h + j] * g[j];
        var x = Enumerable.Repeat(1.0, h).ToArray();
        for (int it = 0; it < 200; it++)
        {
            x = LinearSolve.Solve(gram, x);
            double n = Math.Sqrt(x.Sum(t => t * t));
            for (int i = 0; i < h; i++) x[i] /= n;
        }
        var bottom = UnembeddingNullSpace.Of(d, x.Select(t => (float)t).ToArray(), k: 1);
        Assert.True(bottom.Share > 0.99, $"share {bottom.Share}");
        Assert.Equal(100, bottom.Percentile, 1e-9);
    }
}
