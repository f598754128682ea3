using InterpLsp.Model.HuggingFace;

namespace InterpLsp.Analysis.Engine;

/// <summary>One model a user can pick: what to select it by, a name for people, where it comes from.</summary>
public sealed record ModelCandidate(string Model, string Name, string Source, string? Path, string? Architecture, bool Loaded);

/// <summary>
/// The models a session can offer: the embedded model; each configured folder that is a model folder, or the model
/// folders directly inside it; the models of the local Hugging Face cache. Reads only directory listings and
/// config.json files (at most <see cref="MaxModels"/> models).
/// </summary>
public static class ModelCatalog
{
    public const int MaxModels = 200;

    public static IReadOnlyList<ModelCandidate> List(ModelRegistry registry, IReadOnlyList<string> folders)
    {
        var ids = registry.Ids;
        bool Loaded(string id) => ids.Contains(id) && registry.IsLoaded(id);
        var list = new List<ModelCandidate>
        {
            new(ModelRegistry.EmbeddedMiniLmId, Model.Embedded.EmbeddedMiniLm.Name, "embedded", null, "BertModel", Loaded(ModelRegistry.EmbeddedMiniLmId)),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string folder, string source, string? name = null)
        {
            var full = System.IO.Path.GetFullPath(folder);
            if (list.Count >= MaxModels || !seen.Add(full)) return;
            string? arch = null;
            try { arch = HfConfig.Read(System.IO.Path.Combine(full, HfModelFolder.Config)).Architecture; }
            catch (Exception e) when (e is ModelFolderException or IOException or UnauthorizedAccessException) { }
            var id = ModelRegistry.HuggingFacePrefix + full;
            list.Add(new ModelCandidate(source == "cache" && name is not null ? name : id, name ?? HfLanguageModels.NameOf(full), source, full, arch, Loaded(id)));
        }
        foreach (var f in folders)
        {
            try
            {
                if (HfModelFolder.LooksLikeModel(f)) Add(f, "folder");
                else if (Directory.Exists(f))
                    foreach (var d in Directory.EnumerateDirectories(f).Order(StringComparer.Ordinal).Take(MaxModels))
                        if (HfModelFolder.LooksLikeModel(d)) Add(d, "folder");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { }
        }
        foreach (var name in HfHubCache.List())
            if (HfHubCache.Find(name) is { } snapshot) Add(snapshot, "cache", name);
        return list;
    }
}
