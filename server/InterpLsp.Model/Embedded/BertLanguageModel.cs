using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using InterpLsp.Model.Bert;
using InterpLsp.Model.Hooks;
using InterpLsp.Model.Tokenization;

namespace InterpLsp.Model.Embedded;

/// <summary>A BERT encoder in TorchSharp with a WordPiece tokenizer; each window is fed as the model was
/// trained: <c>[CLS] tokens [SEP]</c>, positions from 0, token type 0.</summary>
public sealed class BertLanguageModel : ILanguageModel, ISpecialTokenModel
{
    private readonly BertModel _model;
    private readonly BertWordPieceTokenizer _tokenizer;
    private readonly HookLookup _hooks;
    private readonly object _gate = new();

    /// <summary>Largest number of tokens (incl. padding) one batched forward pass holds.</summary>
    public int BatchTokenBudget { get; set; } = 4096;

    public BertLanguageModel(BertModel model, BertWordPieceTokenizer tokenizer, ModelInfo info)
    {
        _model = model;
        _model.eval();
        _tokenizer = tokenizer;
        Info = info;
        var c = model.Config;
        HookPoints = BertHooks.Points(c.Layers, c.Hidden, c.Intermediate);
        _hooks = new HookLookup(HookPoints, info.Name);
    }

    public ModelInfo Info { get; }
    public ITokenizer Tokenizer => _tokenizer;
    public BertWordPieceTokenizer WordPiece => _tokenizer;
    /// <summary>The encoder itself (its parameters; run it through <see cref="Run"/>).</summary>
    public BertModel Encoder => _model;
    public IReadOnlyList<HookPoint> HookPoints { get; }
    public int MaxWindowTokens => _model.Config.MaxPositions - 2;

    public HookPoint GetHook(string name) => _hooks.Get(name);

    public IReadOnlyList<IReadOnlyDictionary<string, float[]>> Run(
        IReadOnlyList<int[]> windows, IReadOnlyCollection<string> hooks, CancellationToken cancellation = default) =>
        RunBatched(windows, hooks.Select(GetHook).ToList(), withSpecials: false, cancellation);

    /// <summary>One window's activations at <paramref name="hook"/> including the [CLS] and [SEP] rows
    /// ([tokens + 2, width]), as the reference implementations return them.</summary>
    public float[] RunWithSpecialTokens(int[] window, string hook) =>
        RunWithSpecialTokens(new[] { window }, hook)[0];

    /// <summary>Each window's activations at <paramref name="hook"/> including the [CLS] and [SEP] rows
    /// ([window tokens + 2, width], row-major), batched as <see cref="Run"/> batches.</summary>
    public IReadOnlyList<float[]> RunWithSpecialTokens(
        IReadOnlyList<int[]> windows, string hook, CancellationToken cancellation = default)
    {
        var p = GetHook(hook);
        return RunBatched(windows, new List<HookPoint> { p }, withSpecials: true, cancellation)
            .Select(r => r[hook]).ToArray();
    }

    /// <summary>Runs the windows in batches of similar length (sorted by length, so padding stays small), each
    /// batch at most <see cref="BatchTokenBudget"/> tokens including [CLS], [SEP] and padding (a single
    /// window is never split, whatever its length); results in the order of <paramref name="windows"/>.</summary>
    private IReadOnlyDictionary<string, float[]>[] RunBatched(
        IReadOnlyList<int[]> windows, List<HookPoint> points, bool withSpecials, CancellationToken cancellation)
    {
        foreach (var w in windows)
            if (w.Length > MaxWindowTokens)
                throw new ArgumentException($"a window holds at most {MaxWindowTokens} tokens, got {w.Length}");
        int lastBlock = points.Select(p => p.Layer).DefaultIfEmpty(-1).Max();
        var results = new IReadOnlyDictionary<string, float[]>[windows.Count];

        var order = Enumerable.Range(0, windows.Count).OrderBy(i => windows[i].Length).ToArray();
        int start = 0;
        while (start < order.Length)
        {
            cancellation.ThrowIfCancellationRequested();
            int end = start + 1;
            while (end < order.Length && (end - start + 1) * (windows[order[end]].Length + 2) <= BatchTokenBudget) end++;
            var batch = order[start..end];
            var outputs = RunBatch(batch.Select(i => windows[i]).ToList(), points, lastBlock, withSpecials);
            for (int j = 0; j < batch.Length; j++) results[batch[j]] = outputs[j];
            start = end;
        }
        return results;
    }

    private List<Dictionary<string, float[]>> RunBatch(List<int[]> windows, List<HookPoint> points, int lastBlock, bool withSpecials)
    {
        int b = windows.Count;
        int t = windows.Max(w => w.Length) + 2;
        var ids = new long[b * t];
        var mask = new bool[b * t];
        bool padded = false;
        for (int i = 0; i < b; i++)
        {
            var w = windows[i];
            ids[i * t] = _tokenizer.ClsId;
            for (int j = 0; j < w.Length; j++) ids[i * t + 1 + j] = w[j];
            ids[i * t + 1 + w.Length] = _tokenizer.SepId;
            for (int j = 0; j < w.Length + 2; j++) mask[i * t + j] = true;
            for (int j = w.Length + 2; j < t; j++) { ids[i * t + j] = _tokenizer.PadId; padded = true; }
        }

        int skip = withSpecials ? 0 : 1;
        var slices = new RowSlices(Enumerable.Repeat(skip, b).ToArray(), windows.Select(w => w.Length + (withSpecials ? 2 : 0)).ToArray());
        var recorder = new ActivationRecorder(points.Select(p => p.Name), slices);
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var idT = tensor(ids, new long[] { b, t });
            var maskT = padded ? tensor(mask, new long[] { b, t }) : null;
            _model.Run(idT, maskT, recorder, lastBlock);
        }

        // Without specials: [CLS] (position 0) and everything from [SEP] on are left out.
        var outputs = new List<Dictionary<string, float[]>>(b);
        for (int i = 0; i < b; i++)
        {
            var perHook = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var p in points) perHook[p.Name] = recorder.Rows[p.Name][i];
            outputs.Add(perHook);
        }
        return outputs;
    }

    public void Dispose() => _model.Dispose();
}
