using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Scans;

/// <summary>What the scanner's exactness rests on: in a batch of a fixed shape (a fixed number of windows of one
/// length, no padding) a window's hidden states are bit-identical whatever the other windows hold and wherever
/// it sits. (They do change, by ~1e-6, with the number of windows in the batch: hence fixed shapes.)</summary>
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
}
