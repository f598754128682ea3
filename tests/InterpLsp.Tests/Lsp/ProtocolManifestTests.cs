using InterpLsp.Lsp.Protocol;

namespace InterpLsp.Tests.Lsp;

/// <summary>The server's protocol, as its descriptors declare it, equals the committed manifest that the
/// client's protocol.ts is checked against (client/test/unit/protocol.test.ts): the two sides are tied by it.</summary>
public class ProtocolManifestTests
{
    private static string ManifestPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterpLsp.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "client", "test", "unit", "fixtures", "protocol-manifest.json");
    }

    [Fact]
    public void The_committed_manifest_is_the_servers_protocol()
    {
        var path = ManifestPath();
        var current = ProtocolManifest.Json();
        if (Environment.GetEnvironmentVariable("INTERP_LSP_WRITE_MANIFEST") == "1") File.WriteAllText(path, current);
        Assert.Equal(current, File.ReadAllText(path).Replace("\r\n", "\n"));
    }

    [Fact]
    public void Every_descriptor_is_in_the_capability_and_the_command_list()
    {
        var manifest = ProtocolManifest.Build();
        var cap = InterpProtocol.Capability();
        Assert.Equal(((Newtonsoft.Json.Linq.JObject)manifest["requests"]!).Properties().Select(p => p.Name).OrderBy(x => x),
            cap["requests"]!.Select(x => (string)x!).OrderBy(x => x));
        Assert.Equal(((Newtonsoft.Json.Linq.JObject)manifest["notifications"]!).Properties().Select(p => p.Name).OrderBy(x => x),
            cap["notifications"]!.Select(x => (string)x!).OrderBy(x => x));
        Assert.Equal(((Newtonsoft.Json.Linq.JObject)manifest["commands"]!).Properties().Select(p => p.Name).OrderBy(x => x),
            InterpProtocol.CommandNames.OrderBy(x => x));
    }
}
