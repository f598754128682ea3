using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Scans;

/// <summary>What the scanner's exactness rests on: a window's hidden states do not depend on how many other
/// windows of the same length share its forward pass, nor on their contents (no padding is involved).</summary>
[Collection(ModelCollection.Name)]
public sealed class ForwardBatchingTests(ModelFixture fx)
{
    [Fact]
    public void FixedShapeBatchesGiveBitIdenticalStatesWhateverTheOtherRows()
    {
        var model = fx.Model;
        var rng = new Random(7);
        int[] Window() => Enumerable.Range(0, 13).Select(_ => rng.Next(2000, 20000)).ToArray();
        var target = Window();
        const string hook = "blocks.3.hook_resid_post";
        foreach (int size in new[] { 1, 2, 8, 33 })
        {
            float[]? first = null;
            for (int trial = 0; trial < 4; trial++)
            {
                var batch = Enumerable.Range(0, size - 1).Select(_ => Window()).ToList();
                int at = trial % size;
                batch.Insert(at, target);
                var got = model.Run(batch, new[] { hook })[at][hook];
                if (first is null) first = got; else Assert.True(first.SequenceEqual(got), $"size {size} trial {trial}");
            }
        }
    }

    [Fact]
    public void EqualLengthWindowsGiveBitIdenticalStatesInAnyBatch()
    {
        var model = fx.Model;
        var rng = new Random(7);
        int[] Window() => Enumerable.Range(0, 13).Select(_ => rng.Next(2000, 20000)).ToArray();
        var target = Window();
        var others = Enumerable.Range(0, 40).Select(_ => Window()).ToList();
        const string hook = "blocks.3.hook_resid_post";
        var alone = model.Run(new[] { target }, new[] { hook })[0][hook];
        foreach (int size in new[] { 2, 3, 8, 17, 41 })
        {
            var batch = others.Take(size - 1).Append(target).Reverse().ToList();
            var got = model.Run(batch, new[] { hook })[0][hook];
            Assert.Equal(alone, got);
        }
    }
}
