using InterpLsp.Interp.Activations;
using InterpLsp.Interp.Directions;
using InterpLsp.Model.Benchmarks;
using InterpLsp.Tests.Support;

namespace InterpLsp.Tests.Model;

[Collection(ModelCollection.Name)]
public class MemoryTests(ModelFixture fx)
{
    [Fact]
    public void A_thousand_activation_requests_keep_resident_memory_flat()
    {
        var d = DirectionSpecParser.Load("neuron:blocks.2.mlp.hook_post:5", h => fx.Model.GetHook(h).Width, null);
        const string text = "The kettle was warm, and the room slowly grew warmer as the evening went on.";
        void Request(int i) => Engines.Activations(fx.Model, text + " " + i, d);
        for (int i = 0; i < 100; i++) Request(i);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        double baseline = Timing.ResidentMegabytes();
        for (int i = 100; i < 1000; i++) Request(i);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        double after = Timing.ResidentMegabytes();
        Assert.True(after <= baseline * 1.10, $"resident memory grew from {baseline:F0} MB to {after:F0} MB");
    }
}
