using InterpLsp.Model.Embedded;
using InterpLsp.Model.Verification;
var m = EmbeddedMiniLm.Load();
Console.WriteLine($"load {m.Info.LoadSeconds:F2}s threads {TorchSharp.torch.get_num_threads()}");
var r = ModelVerifier.Verify(m);
Console.WriteLine(r);
