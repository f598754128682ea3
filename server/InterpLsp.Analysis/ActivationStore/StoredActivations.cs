using System.IO.MemoryMappedFiles;
using System.Text;
using InterpLsp.Interp.IO;
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

    /// <summary>Bound of <c>meta.json</c>: a handful of fields (ids, a hash, a hook, counts).</summary>
    private const long MaxMetaBytes = 64 << 10;

    /// <summary>Opens the entry in <paramref name="dir"/>. Its files are read as every file is (<see cref="SafeFile"/>):
    /// <c>meta.json</c> and <c>index.json</c> as bounded regular files of strict UTF-8 JSON nested at most
    /// <see cref="JsonErrors.MaxNesting"/> deep, <c>states.f16</c> as a regular file mapped for reading. Anything else
    /// is an IOException naming the file and the problem (a FIFO, a device, a file over its bound, malformed JSON),
    /// never its contents; states that do not fit what the index records are an ArgumentException.</summary>
    public static StoredActivations Open(string dir)
    {
        var meta = ReadJson<StoredEntryMeta>(dir, "meta.json", MaxMetaBytes);
        var docs = ReadJson<List<StoredDocument>>(dir, "index.json", ActivationWriter.MaxIndexBytes);
        var states = Path.Combine(dir, "states.f16");
        var handle = SafeFile.Open(states, problem => new IOException($"states.f16 {problem}"));
        MemoryMappedFile? file = null;
        try
        {
            long bytes = RandomAccess.GetLength(handle);
            if (meta.Width <= 0 || bytes != meta.Rows * meta.Width * 2L)
                throw new ArgumentException($"{states}: {bytes} bytes, but {meta.Rows} rows x {meta.Width} float16 were recorded");
            foreach (var d in docs)
                if (d.FirstRow < 0 || d.FirstRow + d.Tokens.Length > meta.Rows || d.Starts.Length != d.Tokens.Length || d.Ends.Length != d.Tokens.Length)
                    throw new ArgumentException($"{dir}: index entry '{d.Key}' does not fit the {meta.Rows} stored rows");
            if (bytes == 0)
            {
                handle.Dispose();
                return new StoredActivations(meta, docs, null, null);
            }
            file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            return new StoredActivations(meta, docs, file, file.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.Read));
        }
        catch
        {
            file?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    /// <summary>One JSON file of the entry, streamed through <see cref="SafeFile"/> within its bound; an IOException
    /// naming <paramref name="name"/> and the problem when it cannot be read as such a file.</summary>
    private static T ReadJson<T>(string dir, string name, long maxBytes) where T : class
    {
        IOException Fail(string problem) => new($"{name} {problem}");
        using var handle = SafeFile.Open(Path.Combine(dir, name), Fail, maxBytes);
        using var stream = SafeFile.Stream(handle, Fail, maxBytes, CancellationToken.None);
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        using var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, MaxDepth = JsonErrors.MaxNesting };
        try
        {
            return JsonSerializer.CreateDefault(Settings).Deserialize<T>(reader) ?? throw Fail("is empty");
        }
        catch (JsonException e) { throw Fail($"is damaged: {JsonErrors.Describe(e)}"); }
        catch (DecoderFallbackException) { throw Fail("is damaged: it is not UTF-8 text"); }
    }

    private static readonly JsonSerializerSettings Settings = new()
    {
        MaxDepth = JsonErrors.MaxNesting,
        CheckAdditionalContent = true,
        DateParseHandling = DateParseHandling.None,
    };

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
