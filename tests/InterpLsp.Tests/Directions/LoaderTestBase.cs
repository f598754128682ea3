using InterpLsp.Interp.Directions;
namespace InterpLsp.Tests.Directions;

public abstract class LoaderTestBase : IDisposable
{
    protected const string Resid = "blocks.0.hook_resid_post";   // width 4
    protected const string Mlp = "blocks.3.mlp.hook_post";       // width 16

    protected readonly TempDir Dir = new();

    protected static int Width(string hook) => hook switch
    {
        Resid or "blocks.2.hook_resid_pre" or "blocks.8.hook_resid_pre" => 4,
        Mlp => 16,
        _ => throw new ArgumentException($"no hook named '{hook}' in this model", nameof(hook)),
    };

    protected Direction Load(string spec, string? defaultHook = Resid) =>
        DirectionSpecParser.Load(spec, Width, defaultHook, Dir.Path);

    /// <summary>Asserts the spec fails with a one-line message naming <paramref name="origin"/> and containing every word.</summary>
    protected DirectionLoadException Fails(string spec, string origin, params string[] words) =>
        FailsWith(spec, Resid, origin, words);

    protected DirectionLoadException FailsWith(string spec, string? defaultHook, string origin, params string[] words)
    {
        var e = Assert.Throws<DirectionLoadException>(() => Load(spec, defaultHook));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.Contains(origin, e.Message);
        foreach (var w in words)
            Assert.Contains(w, e.Message, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
