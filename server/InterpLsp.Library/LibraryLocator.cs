namespace InterpLsp.Library;

/// <summary>Where a workspace's library lives: the nearest <c>.interp</c> folder from a directory upwards, else
/// <c>.interp</c> in that directory (created on first write).</summary>
public static class LibraryLocator
{
    public const string FolderName = ".interp";

    /// <summary><paramref name="explicitFolder"/> when given, else the nearest existing <c>.interp</c> from
    /// <paramref name="start"/> (default: the current directory) upwards, else <c>START/.interp</c>.</summary>
    public static string Resolve(string? explicitFolder, string? start = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitFolder)) return Path.GetFullPath(explicitFolder);
        var from = Path.GetFullPath(start ?? Directory.GetCurrentDirectory());
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FolderName);
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.Combine(from, FolderName);
    }

    /// <summary>Whether a library database exists in <paramref name="folder"/> (reading verbs do not create one). Anything
    /// at its path counts, so that a folder there is reported as an error rather than read as an empty library.</summary>
    public static bool Exists(string folder) => Path.Exists(Path.Combine(folder, DirectionLibrary.DatabaseFileName));
}
