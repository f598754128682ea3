using System.IO.MemoryMappedFiles;
using Newtonsoft.Json;

namespace InterpLsp.Analysis.ActivationStore;

/// <summary>A complete store entry opened for reading: its index, and its float16 states memory-mapped and
/// converted to float32 rows on demand.</summary>
public sealed class StoredActivations : IDisposable
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;

    private StoredActivations(StoredEntryMeta meta, List<StoredDocument> docs, MemoryMappedFile? file, MemoryMappedViewAccessor? view)
    {
        Meta = meta; Documents = docs; _file = file; _view = view;
    }

    public StoredEntryMeta Meta { get; }
    public IReadOnlyList<StoredDocument> Documents { get; }

    public static StoredActivations Open(string dir)
    {
        var meta = JsonConvert.DeserializeObject<StoredEntryMeta>(File.ReadAllText(Path.Combine(dir, "meta.json")))
            ?? throw new ArgumentException($"{dir}: meta.json is empty");
        var docs = JsonConvert.DeserializeObject<List<StoredDocument>>(File.ReadAllText(Path.Combine(dir, "index.json")))
            ?? throw new ArgumentException($"{dir}: index.json is empty");
        var states = Path.Combine(dir, "states.f16");
        long bytes = new FileInfo(states).Length;
        if (meta.Width <= 0 || bytes != meta.Rows * meta.Width * 2L)
            throw new ArgumentException($"{states}: {bytes} bytes, but {meta.Rows} rows x {meta.Width} float16 were recorded");
        foreach (var d in docs)
            if (d.FirstRow < 0 || d.FirstRow + d.Tokens.Length > meta.Rows || d.Starts.Length != d.Tokens.Length || d.Ends.Length != d.Tokens.Length)
                throw new ArgumentException($"{dir}: index entry '{d.Key}' does not fit the {meta.Rows} stored rows");
        if (bytes == 0) return new StoredActivations(meta, docs, null, null);
        var file = MemoryMappedFile.CreateFromFile(states, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        return new StoredActivations(meta, docs, file, file.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.Read));
    }

    /// <summary>Rows [first, first + n) as float32 into <paramref name="destination"/> (n x width). Safe to call from
    /// several threads at once (the two sides of an explanation read states together): each call has its own buffer.</summary>
    public void ReadRows(long first, int n, Span<float> destination)
    {
        int count = n * Meta.Width;
        if (count == 0) return;
        var buffer = System.Buffers.ArrayPool<Half>.Shared.Rent(count);
        try
        {
            _view!.ReadArray(first * Meta.Width * 2L, buffer, 0, count);
            System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(buffer.AsSpan(0, count), destination[..count]);
        }
        finally { System.Buffers.ArrayPool<Half>.Shared.Return(buffer); }
    }

    public void Dispose()
    {
        _view?.Dispose();
        _file?.Dispose();
    }
}
