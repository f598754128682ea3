using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace InterpLsp.Tests.Model.Causal;

/// <summary>
/// llama.cpp (through LLamaSharp 0.30.0 and its CPU backend) run on a GGUF file: the logits at every position of one
/// sequence of token ids, fed as ids (no tokenizer), one batch, CPU only, float32 K/V cache and no flash attention so
/// that llama.cpp computes in float32 throughout.
/// </summary>
public static class LlamaCppReference
{
    private static readonly object Gate = new();
    private static readonly StringBuilder Log = new();
    private static readonly Lazy<string?> Unavailability = new(Probe);

    /// <summary>Why llama.cpp's native library cannot be used here, or null when it can.</summary>
    public static string? Unavailable => Unavailability.Value;

    private static string? Probe()
    {
        try
        {
            NativeApi.llama_empty_call(); // loads libllama (LLamaSharp picks the AVX variant this CPU supports)
            // llama.cpp's own log, kept for the message of a failed load or decode instead of going to stderr.
            NativeLogConfig.llama_log_set((level, message) =>
            {
                lock (Log) Log.Append(message);
            });
            return null;
        }
        catch (Exception e)
        {
            return $"llama.cpp native library did not load: {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Row-major [ids.Length x vocab] logits of <paramref name="ids"/> at positions 0, 1, ….</summary>
    public static float[] Logits(string ggufPath, IReadOnlyList<int> ids)
    {
        if (Unavailable is string why) throw new InvalidOperationException(why);
        lock (Gate)
        {
            lock (Log) Log.Clear();
            try
            {
                return Run(ggufPath, ids);
            }
            catch (Exception e)
            {
                string log;
                lock (Log) log = Log.ToString();
                throw new InvalidOperationException($"llama.cpp failed on {Path.GetFileName(ggufPath)}: {e.Message}\n--- llama.cpp log ---\n{log}", e);
            }
        }
    }

    private static float[] Run(string ggufPath, IReadOnlyList<int> ids)
    {
        var p = new ModelParams(ggufPath)
        {
            ContextSize = (uint)Math.Max(64, ids.Count),
            BatchSize = (uint)Math.Max(64, ids.Count),
            UBatchSize = (uint)Math.Max(64, ids.Count),
            GpuLayerCount = 0,
            Threads = 1,
            BatchThreads = 1,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
            FlashAttention = false,
        };
        using var weights = LLamaWeights.LoadFromFile(p);
        using var context = weights.CreateContext(p);
        int vocab = weights.Vocab.Count;
        var batch = new LLamaBatch();
        for (int i = 0; i < ids.Count; i++) batch.Add(ids[i], i, LLamaSeqId.Zero, logits: true);
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode returned {result}");
        var logits = new float[ids.Count * vocab];
        for (int i = 0; i < ids.Count; i++)
        {
            var row = context.NativeHandle.GetLogitsIth(i);
            if (row.Length != vocab) throw new InvalidOperationException($"logits row {i} has {row.Length} entries, vocab is {vocab}");
            row.CopyTo(logits.AsSpan(i * vocab, vocab));
        }
        return logits;
    }
}
