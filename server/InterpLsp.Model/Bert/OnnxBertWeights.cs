using TorchSharp;
using static TorchSharp.torch;
using InterpLsp.Model.Onnx;

namespace InterpLsp.Model.Bert;

/// <summary>
/// Maps a Hugging Face BERT exported to ONNX onto <see cref="BertModel"/>. Biases and LayerNorm parameters
/// keep their Hugging Face names in the graph; the MatMul weights are anonymous initializers stored as
/// [in, out]. Each is found by walking the graph: <c>MatMul(x, W)</c> feeds an <c>Add</c> whose other input is
/// a named bias (<c>encoder.layer.3.attention.self.query.bias</c>), and that name gives W's layer and role.
/// </summary>
public static class OnnxBertWeights
{
    /// <summary>Hugging Face weight name (e.g. <c>encoder.layer.0.intermediate.dense.weight</c>) to its
    /// tensor in Hugging Face's [out, in] layout, for every MatMul weight with a named bias.</summary>
    public static Dictionary<string, OnnxTensor> MatMulWeightsByName(OnnxGraph g)
    {
        var consumers = new Dictionary<string, List<OnnxNode>>();
        foreach (var n in g.Nodes)
            foreach (var i in n.Inputs)
                (consumers.TryGetValue(i, out var l) ? l : consumers[i] = new()).Add(n);

        var result = new Dictionary<string, OnnxTensor>();
        foreach (var mm in g.Nodes.Where(n => n.OpType == "MatMul" && n.Inputs.Count == 2))
        {
            if (!g.Tensors.TryGetValue(mm.Inputs[1], out var w) || w.Dims.Length != 2) continue;
            if (!consumers.TryGetValue(mm.Outputs[0], out var next)) continue;
            var add = next.FirstOrDefault(n => n.OpType == "Add");
            var bias = add?.Inputs.FirstOrDefault(i => i != mm.Outputs[0] && i.EndsWith(".bias", StringComparison.Ordinal));
            if (bias is null) continue;
            var name = bias[..^".bias".Length] + ".weight";
            if (!result.TryAdd(name, Transpose(w, name)))
                throw new InvalidDataException($"ONNX graph maps two MatMul weights to '{name}'");
        }
        return result;
    }

    private static OnnxTensor Transpose(OnnxTensor w, string name)
    {
        int rows = (int)w.Dims[0], cols = (int)w.Dims[1];
        var t = new float[w.Data.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                t[c * rows + r] = w.Data[r * cols + c];
        return new OnnxTensor(name, new long[] { cols, rows }, t);
    }

    /// <summary>Infers the encoder's shape from the weights (heads cannot be read off weights: passed in).</summary>
    public static BertConfig InferConfig(OnnxGraph g, int heads)
    {
        var words = Require(g.Tensors, "embeddings.word_embeddings.weight");
        var positions = Require(g.Tensors, "embeddings.position_embeddings.weight");
        var types = Require(g.Tensors, "embeddings.token_type_embeddings.weight");
        int layers = 0;
        while (g.Tensors.ContainsKey($"encoder.layer.{layers}.output.LayerNorm.weight")) layers++;
        var inter = Require(g.Tensors, "encoder.layer.0.intermediate.dense.bias");
        return new BertConfig
        {
            VocabSize = (int)words.Dims[0],
            Hidden = (int)words.Dims[1],
            MaxPositions = (int)positions.Dims[0],
            TypeVocabSize = (int)types.Dims[0],
            Layers = layers,
            Intermediate = (int)inter.Dims[0],
            Heads = heads,
        };
    }

    /// <summary>Copies every parameter of <paramref name="model"/> from the graph; fails naming any missing one.</summary>
    public static void Load(BertModel model, OnnxGraph g)
    {
        var mm = MatMulWeightsByName(g);
        OnnxTensor Get(string name) => mm.TryGetValue(name, out var t) ? t : Require(g.Tensors, name);

        // The Hugging Face name of every parameter, as HfBert reads and writes them (one table for all three).
        using var scope = NewDisposeScope(); // the QKV views; the parameters were made before it
        using var _ = no_grad();
        foreach (var (name, target) in HuggingFace.HfBert.Parameters(model))
            Copy(target, Get(name));
    }

    private static OnnxTensor Require(IReadOnlyDictionary<string, OnnxTensor> tensors, string name) =>
        tensors.TryGetValue(name, out var t) ? t : throw new InvalidDataException($"ONNX graph has no weight '{name}'");

    private static void Copy(Tensor target, OnnxTensor source)
    {
        if (!target.shape.SequenceEqual(source.Dims))
            throw new InvalidDataException($"weight '{source.Name}' has shape [{string.Join(",", source.Dims)}], the model expects [{string.Join(",", target.shape)}]");
        using var src = tensor(source.Data, source.Dims);
        target.copy_(src);
    }
}
