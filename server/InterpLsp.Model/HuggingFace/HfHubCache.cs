using InterpLsp.Interp.IO;

namespace InterpLsp.Model.HuggingFace;

/// <summary>
/// Models in the user's local Hugging Face cache (<c>HF_HUB_CACHE</c>, else <c>HF_HOME/hub</c>, else
/// <c>~/.cache/huggingface/hub</c>): <c>models--ORG--NAME/snapshots/REVISION/</c>, the revision <c>refs/main</c> names
/// (else the newest snapshot). Nothing is ever downloaded.
/// </summary>
public static class HfHubCache
{
    /// <summary>The cache folder this process reads (it may not exist).</summary>
    public static string Root
    {
        get
        {
            var hub = Environment.GetEnvironmentVariable("HF_HUB_CACHE");
            if (!string.IsNullOrEmpty(hub)) return hub;
            var home = Environment.GetEnvironmentVariable("HF_HOME");
            if (!string.IsNullOrEmpty(home)) return Path.Combine(home, "hub");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface", "hub");
        }
    }

    /// <summary>Whether <paramref name="name"/> has the shape of a hub model name (<c>gpt2</c>, <c>EleutherAI/pythia-70m</c>).</summary>
    public static bool IsHubName(string name) =>
        name.Length is > 0 and <= 200 && name.Count(c => c == '/') <= 1 && !name.StartsWith('/') && !name.EndsWith('/')
        && !name.Contains("..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');

    /// <summary>The snapshot folder of <paramref name="name"/>, or null when the cache (<paramref name="root"/>; null:
    /// <see cref="Root"/>) has none.</summary>
    public static string? Find(string name, string? root = null)
    {
        if (!IsHubName(name)) return null;
        var repo = Path.Combine(root ?? Root, "models--" + name.Replace("/", "--"));
        var snapshots = Path.Combine(repo, "snapshots");
        if (!Directory.Exists(snapshots)) return null;
        var refMain = Path.Combine(repo, "refs", "main");
        if (File.Exists(refMain) && new FileInfo(refMain).Length < 256)
        {
            var rev = File.ReadAllText(refMain).Trim();
            var dir = Path.Combine(snapshots, rev);
            if (rev.Length > 0 && !rev.Contains('/') && HfModelFolder.LooksLikeModel(dir)) return dir;
        }
        return Directory.GetDirectories(snapshots).Where(HfModelFolder.LooksLikeModel)
            .OrderByDescending(Directory.GetLastWriteTimeUtc).FirstOrDefault();
    }

    /// <summary>As <see cref="Find"/>; when absent, an error saying where it looked and that nothing is downloaded.</summary>
    public static string Require(string name) => Find(name) ?? throw new ModelFolderException(name,
        $"not a model folder, and not in the local Hugging Face cache ({Echo.Origin(Path.Combine(Root, "models--" + name.Replace("/", "--")))}); " +
        "InterpLsp never downloads: fetch it once with `huggingface-cli download " + Echo.Input(name, 100) + "` or give a folder path");

    /// <summary>Every model in the cache with a snapshot holding config.json, as hub names (<c>ORG/NAME</c>).</summary>
    public static IReadOnlyList<string> List(string? root = null)
    {
        root ??= Root;
        if (!Directory.Exists(root)) return [];
        var names = new List<string>();
        foreach (var d in Directory.EnumerateDirectories(root, "models--*").Order(StringComparer.Ordinal).Take(500))
        {
            var name = Path.GetFileName(d)["models--".Length..].Replace("--", "/");
            if (Find(name, root) is not null) names.Add(name);
        }
        return names;
    }
}
