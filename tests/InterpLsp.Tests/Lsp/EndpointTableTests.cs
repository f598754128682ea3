using InterpLsp.Analysis.Engine;
using InterpLsp.Lsp.Endpoints;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Tests.Lsp;

/// <summary>Every declared request has exactly one endpoint, checked when the server starts: the real table answers
/// every request of the protocol and every action's command; a table that misses one, handles an undeclared one
/// or handles one twice is refused naming it.</summary>
public sealed class EndpointTableTests
{
    private static ServerSession Session(InterpEngine engine) => new(engine, new ServerLog(TextWriter.Null));

    [Fact]
    public void The_servers_table_answers_every_declared_request_and_command()
    {
        using var engine = new InterpEngine(ModelRegistry.WithEmbedded()); // the model is not loaded
        var table = EndpointTable.Of(Session(engine));
        Assert.Equal(InterpProtocol.Requests.Select(r => r.Method).OrderBy(x => x), table.Methods.OrderBy(x => x));
        Assert.Equal(InterpProtocol.CommandNames.OrderBy(x => x), table.Commands.OrderBy(x => x));
        Assert.Equal(InterpProtocol.Commands.Count, new CommandTable(table).Names.Count);
    }

    [Fact]
    public void One_id_per_action_its_command_and_its_request_and_every_command_argument_is_a_params_field()
    {
        foreach (var r in InterpProtocol.Commands)
        {
            var name = r.Method["interp/".Length..];
            Assert.Equal("interp." + name, r.Command!.Name);
            var fields = r.ParamsType.GetProperties().Select(p => LspJson.Name(p)).ToHashSet();
            foreach (var a in r.Command.Args) Assert.Contains(a, fields);
        }
    }

    [Fact]
    public void A_table_that_does_not_match_the_protocol_is_refused_naming_the_request()
    {
        using var engine = new InterpEngine(ModelRegistry.WithEmbedded());
        var session = Session(engine);
        var all = EndpointTable.Discover(session).ToList();
        Assert.Equal(InterpProtocol.Requests.Count, new EndpointTable(all, InterpProtocol.Requests).Methods.Count);

        var missing = Assert.Throws<InvalidOperationException>(() =>
            new EndpointTable(all.Where(e => e.Request.Method != InterpProtocol.Explain.Method), InterpProtocol.Requests));
        Assert.Contains("declared without a handler: interp/explain", missing.Message);
        var extra = Assert.Throws<InvalidOperationException>(() =>
            new EndpointTable(all.Append(new Nothing(session)), InterpProtocol.Requests));
        Assert.Contains("handled but not declared: interp/nothing", extra.Message);
        var twice = Assert.Throws<InvalidOperationException>(() =>
            new EndpointTable(all.Append(new ModelInfoEndpoint(session)), InterpProtocol.Requests));
        Assert.Contains("handled twice: interp/modelInfo", twice.Message);
    }

    private static readonly RequestType<NoParams, int> NothingRequest = new("interp/nothing", null);

    /// <summary>An endpoint of a request the protocol does not declare (not found by discovery: it is nested here, and
    /// discovery only looks at the server's assembly).</summary>
    private sealed class Nothing(ServerSession session) : Endpoint<NoParams, int>(session, NothingRequest)
    {
        protected override Task<int> HandleAsync(NoParams p, CancellationToken ct) => Task.FromResult(0);
    }
}
