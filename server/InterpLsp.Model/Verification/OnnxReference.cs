using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InterpLsp.Model.Verification;

/// <summary>The package's ONNX graph run through ONNX Runtime: the independent reference for our forward
/// pass (and the speed baseline of the benchmark).</summary>
public sealed class OnnxReference : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _output;

    public OnnxReference(byte[] onnxModel, int threads = 0)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0) options.IntraOpNumThreads = threads;
        _session = new InferenceSession(onnxModel, options);
        _output = _session.OutputMetadata.Keys.First(); // last_hidden_state
    }

    /// <summary>last_hidden_state for a batch of equal-length rows of ids (with their special tokens),
    /// as [batch, tokens, hidden] row-major.</summary>
    public float[] LastHiddenState(long[][] ids)
    {
        int b = ids.Length, t = ids[0].Length;
        var idT = new DenseTensor<long>(new[] { b, t });
        var maskT = new DenseTensor<long>(new[] { b, t });
        var typeT = new DenseTensor<long>(new[] { b, t });
        for (int i = 0; i < b; i++)
            for (int j = 0; j < t; j++)
            {
                idT[i, j] = ids[i][j];
                maskT[i, j] = 1;
            }
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", idT),
            NamedOnnxValue.CreateFromTensor("attention_mask", maskT),
            NamedOnnxValue.CreateFromTensor("token_type_ids", typeT),
        };
        using var results = _session.Run(inputs, new[] { _output });
        return results.First().AsTensor<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
