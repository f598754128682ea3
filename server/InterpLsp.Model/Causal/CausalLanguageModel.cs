using InterpLsp.Model.Hooks;
using InterpLsp.Model.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLsp.Model.Causal;

/// <summary>
/// A decoder-only language model behind <see cref="ILanguageModel"/>: every window is fed as TransformerLens and
/// SAELens feed it, with the model's BOS token first (never returned, never painted) and positions from 0. Windows
/// run in batches of similar length, right-padded (a causal model never lets a real token see the padding after
/// it). Besides the TransformerLens hooks it offers <c>next_token</c>: per token, the entropy (nats) of the model's
/// next-token distribution there and the token's surprisal -ln p(token | BOS and the tokens before it).
/// </summary>
public sealed class CausalLanguageModel : ILanguageModel
{
    /// <summary>Most positions one forward pass uses (BOS included), whatever the model was trained for: attention
    /// costs grow with its square, and a CPU has no use for 128k-token windows.</summary>
    public const int MaxContext = 2048;

    /// <summary>Positions whose logits are computed at once for <c>next_token</c> (bounds the [positions x vocab] buffer).</summary>
    private const int LogitChunk = 256;

    private readonly Decoder _decoder;
    private readonly HookLookup _hooks;
    private readonly object _gate = new();

    public CausalLanguageModel(Decoder decoder, ITokenizer tokenizer, int? bosId, string name, string source, double loadSeconds)
    {
        _decoder = decoder;
        Tokenizer = tokenizer;
        BosId = bosId;
        var s = decoder.Shape;
        Info = new ModelInfo(name, decoder.Architecture, source, s.Layers, s.Hidden, s.Vocab, s.MaxPositions, IsCausal: true, loadSeconds);
        HookPoints = decoder.HookPoints;
        _hooks = new HookLookup(HookPoints, name);
    }

    public ModelInfo Info { get; }
    public ITokenizer Tokenizer { get; }
    public IReadOnlyList<HookPoint> HookPoints { get; }
    public Decoder Decoder => _decoder;

    /// <summary>The token put before every window (GPT-2's <c>&lt;|endoftext|&gt;</c>, Llama's <c>&lt;s&gt;</c>); null: none.</summary>
    public int? BosId { get; }

    /// <summary>Largest number of positions (incl. BOS and padding) one batched forward pass holds.</summary>
    public int BatchTokenBudget { get; set; } = 4096;

    public int MaxWindowTokens => Math.Min(_decoder.Shape.MaxPositions, MaxContext) - (BosId is null ? 0 : 1);

    public HookPoint GetHook(string name) => _hooks.Get(name);

    public IReadOnlyList<IReadOnlyDictionary<string, float[]>> Run(
        IReadOnlyList<int[]> windows, IReadOnlyCollection<string> hooks, CancellationToken cancellation = default)
    {
        var points = hooks.Select(GetHook).ToList();
        foreach (var w in windows)
        {
            if (w.Length > MaxWindowTokens) throw new ArgumentException($"a window holds at most {MaxWindowTokens} tokens, got {w.Length}");
            foreach (var id in w)
                if ((uint)id >= (uint)_decoder.Shape.Vocab) throw new ArgumentException($"token id {id} is outside the vocabulary (0..{_decoder.Shape.Vocab - 1})");
        }
        var results = new IReadOnlyDictionary<string, float[]>[windows.Count];
        var order = Enumerable.Range(0, windows.Count).OrderBy(i => windows[i].Length).ToArray();
        int extra = BosId is null ? 0 : 1;
        int start = 0;
        while (start < order.Length)
        {
            cancellation.ThrowIfCancellationRequested();
            int end = start + 1;
            while (end < order.Length && (end - start + 1) * (windows[order[end]].Length + extra) <= BatchTokenBudget) end++;
            var batch = order[start..end];
            var outputs = RunBatch(batch.Select(i => windows[i]).ToList(), points, cancellation);
            for (int j = 0; j < batch.Length; j++) results[batch[j]] = outputs[j];
            start = end;
        }
        return results;
    }

    /// <summary>The input rows of a window: BOS (when the model has one) then the window's ids.</summary>
    public long[] InputIds(int[] window)
    {
        int extra = BosId is null ? 0 : 1;
        var ids = new long[window.Length + extra];
        if (BosId is int bos) ids[0] = bos;
        for (int j = 0; j < window.Length; j++) ids[extra + j] = window[j];
        return ids;
    }

    private List<Dictionary<string, float[]>> RunBatch(List<int[]> windows, List<HookPoint> points, CancellationToken cancellation)
    {
        int extra = BosId is null ? 0 : 1;
        int b = windows.Count;
        int t = windows.Max(w => w.Length) + extra;
        var ids = new long[b * t];
        for (int i = 0; i < b; i++) InputIds(windows[i]).CopyTo(ids, i * t); // padding: id 0, never seen by real tokens

        int layers = _decoder.Shape.Layers;
        int lastBlock = Math.Min(layers - 1, points.Select(p => p.Layer).DefaultIfEmpty(-1).Max());
        bool wantFinal = points.Any(p => p.Layer >= layers);
        bool wantNext = points.Any(p => p.Name == DecoderHooks.NextToken.Suffix);
        // Each window's positions after the prepended ones, copied straight into its own array.
        var slices = new RowSlices(Enumerable.Repeat(extra, b).ToArray(), windows.Select(w => w.Length).ToArray());
        var recorder = new ActivationRecorder(points.Select(p => p.Name).Where(n => n != DecoderHooks.NextToken.Suffix), slices);
        float[]? next = null;
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var idT = tensor(ids, new long[] { b, t });
            var h = ForwardStage.Run(() => _decoder.Embed(idT, recorder));
            for (int l = 0; l <= lastBlock; l++)
            {
                cancellation.ThrowIfCancellationRequested();
                int layer = l;
                h = ForwardStage.Next(h, x => _decoder.Block(layer, x, recorder));
            }
            if (wantFinal)
            {
                var hn = _decoder.FinalNorm(h);
                recorder.Record(DecoderHooks.LnFinal, -1, hn);
                if (wantNext) next = NextTokenStats(hn, ids, b, t, cancellation);
            }
        }

        var outputs = new List<Dictionary<string, float[]>>(b);
        for (int i = 0; i < b; i++)
        {
            var perHook = new Dictionary<string, float[]>(StringComparer.Ordinal);
            int n = windows[i].Length;
            foreach (var p in points)
            {
                if (p.Name != DecoderHooks.NextToken.Suffix) { perHook[p.Name] = recorder.Rows[p.Name][i]; continue; }
                var rows = new float[n * p.Width];
                Array.Copy(next!, ((long)i * t + extra) * p.Width, rows, 0, (long)n * p.Width);
                perHook[p.Name] = rows;
            }
            outputs.Add(perHook);
        }
        return outputs;
    }

    /// <summary>Most positions one forward pass of this model holds (BOS included): its trained context, at most
    /// <see cref="MaxContext"/>.</summary>
    public int ContextPositions => Math.Min(_decoder.Shape.MaxPositions, MaxContext);

    /// <summary>The token's text from the tokenizer, or <c>⟨id⟩</c> for an id past the tokenizer's vocabulary (the
    /// padding rows some checkpoints' embeddings have).</summary>
    public string TokenText(int id) => id >= 0 && id < Tokenizer.VocabSize ? Decode([id]) : $"⟨{id}⟩";

    /// <summary>The text of <paramref name="ids"/>: a byte-level tokenizer's bytes decoded as UTF-8 together (so a
    /// character split across tokens comes out whole; a lone part shows as U+FFFD), else the vocabulary strings.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        if (Tokenizer is not BpeTokenizer b) return string.Concat(ids.Select(Tokenizer.IdToToken));
        var bytes = new List<byte>();
        foreach (var id in ids) bytes.AddRange(b.TokenBytes(id));
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The logits at every position of <paramref name="inputIds"/> exactly as given (no BOS added), row-major
    /// [positions x vocab]; for references and generation.</summary>
    public float[] LogitsOf(IReadOnlyList<int> inputIds, CancellationToken cancellation = default) =>
        Forward(inputIds, null, lastOnly: false, cancellation);

    /// <summary><see cref="LogitsOf(IReadOnlyList{int}, CancellationToken)"/> with <paramref name="intervention"/> added
    /// to the residual stream (null: none, the same as the overload without it).</summary>
    public float[] LogitsOf(IReadOnlyList<int> inputIds, ResidualIntervention? intervention, CancellationToken cancellation = default) =>
        Forward(inputIds, intervention, lastOnly: false, cancellation);

    /// <summary>The logits [vocab] at the last position of <paramref name="inputIds"/> (exactly as given, no BOS
    /// added), with <paramref name="intervention"/> added to the residual stream at every position; only that
    /// position is normalised and unembedded.</summary>
    public float[] NextTokenLogits(IReadOnlyList<int> inputIds, ResidualIntervention? intervention = null, CancellationToken cancellation = default) =>
        Forward(inputIds, intervention, lastOnly: true, cancellation);

    /// <summary>As <see cref="NextTokenLogits(IReadOnlyList{int}, ResidualIntervention?, CancellationToken)"/>, running only the
    /// positions after those <paramref name="cache"/> holds (the first <see cref="KvCache.Length"/> of
    /// <paramref name="inputIds"/> must be the ids it was filled with, under the same intervention) and adding theirs to
    /// it: generation costs one position per step instead of the whole context. A step that fails or is cancelled
    /// empties the cache, so the next one starts over.</summary>
    public float[] NextTokenLogits(IReadOnlyList<int> inputIds, ResidualIntervention? intervention, KvCache cache, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (inputIds.Count <= cache.Length)
            throw new ArgumentException($"the cache holds {cache.Length} positions; {inputIds.Count} input ids add none");
        try { return Forward(inputIds, intervention, lastOnly: true, cancellation, cache); }
        catch { cache.Dispose(); throw; }
    }

    private float[] Forward(IReadOnlyList<int> inputIds, ResidualIntervention? intervention, bool lastOnly, CancellationToken cancellation,
        KvCache? cache = null)
    {
        if (inputIds.Count == 0 || inputIds.Count > ContextPositions)
            throw new ArgumentException($"1..{ContextPositions} input ids are needed, got {inputIds.Count}");
        foreach (var id in inputIds)
            if ((uint)id >= (uint)_decoder.Shape.Vocab) throw new ArgumentException($"token id {id} is outside the vocabulary (0..{_decoder.Shape.Vocab - 1})");
        intervention?.CheckFits(_decoder.Shape);
        int offset = cache?.Length ?? 0;
        int t = inputIds.Count - offset;
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var h = _decoder.Embed(tensor(inputIds.Skip(offset).Select(i => (long)i).ToArray(), new long[] { 1, t }), null, offset);
            // [hidden], broadcast over every position.
            var add = intervention is null ? null : tensor(intervention.Vector) * intervention.Alpha;
            for (int l = 0; l < _decoder.Shape.Layers; l++)
            {
                cancellation.ThrowIfCancellationRequested();
                if (add is not null && intervention!.Layer == l && intervention.BeforeBlock) h = h + add;
                h = _decoder.Block(l, h, null, cache);
                if (add is not null && intervention!.Layer == l && !intervention.BeforeBlock) h = h + add;
            }
            cache?.Advance(t);
            if (lastOnly) h = h.narrow(1, t - 1, 1);
            return ActivationRecorder.ToArray(_decoder.Unembed(_decoder.FinalNorm(h)));
        }
    }

    /// <summary>[b * t * 2]: per position the entropy of the next-token distribution and the surprisal of the token
    /// at that position given the positions before it (0 at position 0, which has nothing before it).</summary>
    private float[] NextTokenStats(Tensor normalized, long[] ids, int b, int t, CancellationToken cancellation)
    {
        var result = new float[b * t * 2];
        for (int i = 0; i < b; i++)
            for (int c0 = 0; c0 < t; c0 += LogitChunk)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(LogitChunk, t - c0);
                using var scope = NewDisposeScope();
                var logits = _decoder.Unembed(normalized[i].narrow(0, c0, n));   // [n, vocab]
                var logp = logits.log_softmax(-1);
                var entropy = (logp.exp() * logp).sum(-1).neg();
                var e = ActivationRecorder.ToArray(entropy);
                // Surprisal of the token at position p + 1, from the distribution at p.
                int m = Math.Min(n, t - 1 - c0);
                float[] s = [];
                if (m > 0)
                {
                    var nextIds = new long[m];
                    for (int j = 0; j < m; j++) nextIds[j] = ids[i * t + c0 + j + 1];
                    var picked = logp.narrow(0, 0, m).gather(1, tensor(nextIds, new long[] { m, 1 })).neg();
                    s = ActivationRecorder.ToArray(picked);
                }
                for (int j = 0; j < n; j++) result[((long)i * t + c0 + j) * 2] = e[j];
                for (int j = 0; j < m; j++) result[((long)i * t + c0 + j + 1) * 2 + 1] = s[j];
            }
        return result;
    }

    public void Dispose() => _decoder.Dispose();
}
