using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using InterpLsp.Interp.Directions;
using InterpLsp.Interp.IO;
using static TorchSharp.torch;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// The weights of a Hugging Face folder: one <c>model.safetensors</c>, or the shards a
/// <c>model.safetensors.index.json</c> names. Headers are read with the hardened safetensors reader (a header that
/// claims more than the file holds, bad offsets, odd dtypes are refused naming the file); data is memory-mapped and
/// each tensor is converted to float32 when a model asks for it (F32, F16 and BF16 are read; computation is in
/// float32 on the CPU). Never unpickles anything.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    /// <summary>Largest shard index JSON.</summary>
    public const long MaxIndexBytes = 32L << 20;

    private sealed record Located(string Path, SafetensorsEntry Entry);

    private readonly Dictionary<string, Located> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (MemoryMappedFile Map, MemoryMappedViewAccessor View)> _maps = new();
    private readonly object _gate = new();

    private SafetensorsCheckpoint() { }

    /// <summary>Total bytes of the weight files (for memory-over-weights figures).</summary>
    public long Bytes { get; private set; }

    public IReadOnlyCollection<string> Names => _tensors.Keys;

    /// <summary>Opens <paramref name="files"/> (each a safetensors file); two files holding one name is an error.</summary>
    public static SafetensorsCheckpoint Open(IReadOnlyList<string> files, CancellationToken cancellation = default)
    {
        var c = new SafetensorsCheckpoint();
        try
        {
            foreach (var path in files)
            {
                cancellation.ThrowIfCancellationRequested();
                using var handle = SafeFile.Open(path, p => new ModelFolderException(path, p), cancellationToken: cancellation);
                long length = RandomAccess.GetLength(handle);
                SafetensorsHeader header;
                try { header = SafetensorsHeader.Read(path, handle, length, cancellation); }
                catch (DirectionLoadException e) { throw new ModelFolderException(path, e.Problem, e); }
                foreach (var t in header.Tensors)
                    if (!c._tensors.TryAdd(t.Name, new Located(path, t)))
                        throw new ModelFolderException(path, $"tensor {SafetensorsReader.Label(t)} is also in {Path.GetFileName(c._tensors[t.Name].Path)}");
                c.Bytes += length;
            }
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>The shard files of <c>model.safetensors.index.json</c> (its <c>weight_map</c> values), each checked to exist.</summary>
    public static IReadOnlyList<string> ShardsOf(string indexPath)
    {
        var json = HfConfig.ReadJson(indexPath, MaxIndexBytes);
        if (json["weight_map"] is not Newtonsoft.Json.Linq.JObject map)
            throw new ModelFolderException(indexPath, "no 'weight_map' object");
        var dir = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var files = new List<string>();
        foreach (var p in map.Properties())
        {
            if (p.Value.Type != Newtonsoft.Json.Linq.JTokenType.String) throw new ModelFolderException(indexPath, "a 'weight_map' value is not a file name");
            var name = (string)p.Value!;
            if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or "..")
                throw new ModelFolderException(indexPath, $"'weight_map' names '{Echo.Input(name, 80)}', which is not a file name in the folder");
            var full = Path.Combine(dir, name);
            if (files.Contains(full)) continue;
            if (!File.Exists(full)) throw new ModelFolderException(indexPath, $"'weight_map' names shard '{Echo.Input(name, 80)}', which is not in {Echo.Origin(dir)}");
            files.Add(full);
        }
        if (files.Count == 0) throw new ModelFolderException(indexPath, "'weight_map' is empty");
        return files;
    }

    /// <summary>The first of <paramref name="names"/> the checkpoint holds, or null.</summary>
    public string? FirstPresent(params string[] names) => names.FirstOrDefault(_tensors.ContainsKey);

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public long[] ShapeOf(string name) => Locate(name).Entry.Shape;

    /// <summary>Tensor <paramref name="name"/> as float32 with shape <paramref name="shape"/>; a missing tensor or another
    /// shape is an error naming the file, the tensor and both shapes.</summary>
    public Tensor Load(string name, params long[] shape)
    {
        var (path, e) = Locate(name);
        if (!e.Shape.SequenceEqual(shape))
            throw new ModelFolderException(path, $"tensor '{Echo.Input(name, 100)}' has shape [{string.Join(", ", e.Shape)}]; the config implies [{string.Join(", ", shape)}]");
        long count = 1;
        foreach (var d in shape) count = checked(count * d);
        int size = e.DType switch
        {
            "F32" => 4,
            "F16" or "BF16" => 2,
            _ => throw new ModelFolderException(path, $"tensor '{Echo.Input(name, 100)}' has dtype {Echo.Input(e.DType, 12)}; weights must be F32, F16 or BF16"),
        };
        if (e.End - e.Begin != count * size)
            throw new ModelFolderException(path, $"tensor '{Echo.Input(name, 100)}' holds {e.End - e.Begin} bytes; shape [{string.Join(", ", shape)}] of {e.DType} needs {count * size}");
        if (count > Array.MaxLength) throw new ModelFolderException(path, $"tensor '{Echo.Input(name, 100)}' has {count} elements, more than one array holds");

        var values = new float[count];
        var view = ViewOf(path);
        unsafe
        {
            byte* basePtr = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
            try
            {
                byte* src = basePtr + view.PointerOffset + e.Begin;
                Convert(src, e.DType, values);
                DropPages(src, e.End - e.Begin);
            }
            finally { view.SafeMemoryMappedViewHandle.ReleasePointer(); }
        }
        return tensor(values, shape);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "madvise")]
    private static extern unsafe int MAdvise(void* address, nuint length, int advice);

    /// <summary>Tells the kernel this tensor's mapped pages are done with (MADV_DONTNEED): the file's pages then leave
    /// this process's resident memory as soon as the copy is made, instead of staying until the file is unmapped, so
    /// loading peaks near the weights' size rather than twice it. Only on Linux; a page shared with the next tensor
    /// is simply read again from the page cache.</summary>
    private static unsafe void DropPages(byte* start, long bytes)
    {
        if (!OperatingSystem.IsLinux() || bytes <= 0) return;
        long page = Environment.SystemPageSize;
        long from = (long)start & ~(page - 1);
        long to = ((long)start + bytes + page - 1) & ~(page - 1);
        try { MAdvise((void*)from, (nuint)(to - from), 4); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    private static unsafe void Convert(byte* src, string dtype, float[] values)
    {
        // In chunks, so that a tensor over 2 GiB of bytes never makes one span too long.
        const int chunk = 1 << 26;
        int size = dtype == "F32" ? 4 : 2;
        for (long at = 0; at < values.LongLength; at += chunk)
        {
            int n = (int)Math.Min(chunk, values.LongLength - at);
            Convert(new ReadOnlySpan<byte>(src + at * size, n * size), dtype, values.AsSpan((int)at, n));
        }
    }

    private static void Convert(ReadOnlySpan<byte> src, string dtype, Span<float> dst)
    {
        switch (dtype)
        {
            case "F32": MemoryMarshal.Cast<byte, float>(src).CopyTo(dst); break;
            case "F16": System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(src), dst); break;
            default:
                var bf = MemoryMarshal.Cast<byte, ushort>(src);
                for (int i = 0; i < bf.Length; i++) dst[i] = BitConverter.Int32BitsToSingle(bf[i] << 16);
                break;
        }
    }

    private Located Locate(string name) =>
        _tensors.TryGetValue(name, out var l) ? l
            : throw new ModelFolderException(_tensors.Values.FirstOrDefault()?.Path ?? "checkpoint", $"no tensor '{Echo.Input(name, 100)}' in the weights ({_tensors.Count} tensors)");

    private MemoryMappedViewAccessor ViewOf(string path)
    {
        lock (_gate)
        {
            if (_maps.TryGetValue(path, out var m)) return m.View;
            using var handle = SafeFile.Open(path, p => new ModelFolderException(path, p));
            long length = RandomAccess.GetLength(handle);
            var map = MemoryMappedFile.CreateFromFile(new FileStream(handle, FileAccess.Read), null, length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            _maps[path] = (map, view);
            return view;
        }
    }

    /// <summary>Unmaps the files (the loaded tensors are copies and stay valid).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (map, view) in _maps.Values) { view.Dispose(); map.Dispose(); }
            _maps.Clear();
        }
    }
}
