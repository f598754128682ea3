using Google.Protobuf;

namespace InterpLsp.Model.Onnx;

/// <summary>A tensor stored in an ONNX graph (an initializer or a Constant node's value), as float32.</summary>
public sealed record OnnxTensor(string Name, long[] Dims, float[] Data);

/// <summary>A node of an ONNX graph: operator type, named inputs and outputs.</summary>
public sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>The parts of an ONNX ModelProto that a weight mapper needs: nodes and float tensors.</summary>
public sealed class OnnxGraph
{
    public required IReadOnlyList<OnnxNode> Nodes { get; init; }
    public required IReadOnlyDictionary<string, OnnxTensor> Tensors { get; init; }
    public required IReadOnlyList<string> Inputs { get; init; }
    public required IReadOnlyList<string> Outputs { get; init; }
}

/// <summary>
/// Reads an ONNX ModelProto with Google.Protobuf's wire reader (no generated classes: only the fields we
/// need). Field numbers from onnx.proto: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5,
/// input = 11, output = 12; NodeProto.input = 1, output = 2, name = 3, op_type = 4, attribute = 5;
/// AttributeProto.name = 1, t = 5; ValueInfoProto.name = 1; TensorProto.dims = 1, data_type = 2,
/// float_data = 4, name = 8, raw_data = 9.
/// </summary>
public static class OnnxModelReader
{
    private const int FloatType = 1;

    public static OnnxGraph Read(byte[] model)
    {
        var input = new CodedInputStream(model);
        OnnxGraph? graph = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 7) graph = ReadGraph(input.ReadBytes());
            else input.SkipLastField();
        }
        return graph ?? throw new InvalidDataException("ONNX model has no graph");
    }

    private static OnnxGraph ReadGraph(ByteString bytes)
    {
        var nodes = new List<OnnxNode>();
        var tensors = new Dictionary<string, OnnxTensor>();
        var inputs = new List<string>();
        var outputs = new List<string>();
        var s = bytes.CreateCodedInput();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    var (node, constant) = ReadNode(s.ReadBytes());
                    nodes.Add(node);
                    if (constant is not null) tensors[constant.Name] = constant;
                    break;
                case 5:
                    var t = ReadTensor(s.ReadBytes());
                    if (t is not null) tensors[t.Name] = t;
                    break;
                case 11: inputs.Add(ReadValueInfoName(s.ReadBytes())); break;
                case 12: outputs.Add(ReadValueInfoName(s.ReadBytes())); break;
                default: s.SkipLastField(); break;
            }
        }
        return new OnnxGraph { Nodes = nodes, Tensors = tensors, Inputs = inputs, Outputs = outputs };
    }

    private static string ReadValueInfoName(ByteString bytes)
    {
        var s = bytes.CreateCodedInput();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) return s.ReadString();
            s.SkipLastField();
        }
        return "";
    }

    /// <summary>Reads a node; for a Constant node also returns its tensor under the node's output name.</summary>
    private static (OnnxNode Node, OnnxTensor? Constant) ReadNode(ByteString bytes)
    {
        var ins = new List<string>();
        var outs = new List<string>();
        string name = "", op = "";
        OnnxTensor? value = null;
        var s = bytes.CreateCodedInput();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ins.Add(s.ReadString()); break;
                case 2: outs.Add(s.ReadString()); break;
                case 3: name = s.ReadString(); break;
                case 4: op = s.ReadString(); break;
                case 5: value = ReadAttributeTensor(s.ReadBytes()) ?? value; break;
                default: s.SkipLastField(); break;
            }
        }
        if (op == "Constant" && value is not null && outs.Count == 1)
            return (new OnnxNode(name, op, ins, outs), value with { Name = outs[0] });
        return (new OnnxNode(name, op, ins, outs), null);
    }

    private static OnnxTensor? ReadAttributeTensor(ByteString bytes)
    {
        var s = bytes.CreateCodedInput();
        uint tag;
        OnnxTensor? t = null;
        while ((tag = s.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 5) t = ReadTensor(s.ReadBytes());
            else s.SkipLastField();
        }
        return t;
    }

    /// <summary>One occurrence of a repeated scalar field: packed (length-delimited, any number of values) or one value.</summary>
    private static void Repeated<T>(CodedInputStream s, WireFormat.WireType wire, List<T> into, Func<CodedInputStream, T> read)
    {
        if (wire != WireFormat.WireType.LengthDelimited)
        {
            into.Add(read(s));
            return;
        }
        var packed = s.ReadBytes().CreateCodedInput();
        while (!packed.IsAtEnd) into.Add(read(packed));
    }

    /// <summary>Reads a TensorProto; returns null for non-float tensors (ids, shapes), which we do not need.</summary>
    private static OnnxTensor? ReadTensor(ByteString bytes)
    {
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        ByteString? raw = null;
        var floats = new List<float>();
        var s = bytes.CreateCodedInput();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            int field = WireFormat.GetTagFieldNumber(tag);
            var wire = WireFormat.GetTagWireType(tag);
            switch (field)
            {
                case 1: Repeated(s, wire, dims, c => c.ReadInt64()); break;
                case 2: dataType = s.ReadInt32(); break;
                case 4: Repeated(s, wire, floats, c => c.ReadFloat()); break;
                case 8: name = s.ReadString(); break;
                case 9: raw = s.ReadBytes(); break;
                default: s.SkipLastField(); break;
            }
        }
        if (dataType != FloatType) return null;
        float[] data;
        if (raw is not null && raw.Length > 0)
        {
            data = new float[raw.Length / sizeof(float)];
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw.Span).CopyTo(data);
        }
        else data = floats.ToArray();
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != data.Length)
            throw new InvalidDataException($"ONNX tensor '{name}' has {data.Length} values, its shape needs {expected}");
        return new OnnxTensor(name, dims.ToArray(), data);
    }
}
