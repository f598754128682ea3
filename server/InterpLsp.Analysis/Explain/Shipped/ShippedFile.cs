using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Explain.Shipped;

/// <summary>
/// An optional file built at build time and shipped in <c>corpus/</c> beside the server (the part-of-speech tagger, the
/// WordNet gloss embeddings), or at the path an environment variable names: read once, on first use; when it is not
/// there or cannot be read, null and one line that says why (for the explanation's warnings), never an exception.
/// Once read, it is kept until it goes unused for a while (<see cref="Cache.UnusedResources"/>), then read again on
/// the next use.
/// </summary>
public sealed class ShippedFile<T> where T : class
{
    private readonly Lock _gate = new();
    private readonly string fileName;
    private readonly string pathVariable;
    private readonly Func<string, T> read;
    private readonly string buildCommand;
    private readonly Cache.UnusedResources.Resource _use;
    private bool _looked;
    private T? _value;
    private string? _problem;

    public ShippedFile(string fileName, string pathVariable, Func<string, T> read, string buildCommand, Cache.UnusedResources? registry = null)
    {
        this.fileName = fileName;
        this.pathVariable = pathVariable;
        this.read = read;
        this.buildCommand = buildCommand;
        _use = (registry ?? Cache.UnusedResources.Shared).Register(fileName, Release);
    }

    /// <summary>Drops the contents read (not a remembered problem); true when there were some.</summary>
    private bool Release()
    {
        lock (_gate)
        {
            if (_value is null) return false;
            _value = null;
            _looked = false;
            return true;
        }
    }

    /// <summary>Where the file is: the environment variable when set, else <c>corpus/</c> beside the server.</summary>
    public string Locate() =>
        Environment.GetEnvironmentVariable(pathVariable) is { Length: > 0 } p ? Path.GetFullPath(p) : Path.Combine(AppContext.BaseDirectory, "corpus", fileName);

    /// <summary>The file's contents, read once; null when it is missing or unreadable (<paramref name="problem"/> says why).</summary>
    public T? Get(out string? problem)
    {
        _use.Used();
        lock (_gate)
        {
            if (!_looked)
            {
                _looked = true;
                var path = Locate();
                try { _value = read(path); }
                catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    _problem = !File.Exists(path) && !Directory.Exists(path)
                        ? $"no {fileName} at {Echo.Origin(path)}; build it with `{buildCommand}` (./setup.sh does), or set {pathVariable}"
                        : Echo.Message(e.Message);
                }
            }
            problem = _problem;
            return _value;
        }
    }
}
