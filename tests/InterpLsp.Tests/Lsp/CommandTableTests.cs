using InterpLsp.Analysis.Engine;
using InterpLsp.Lsp.Handlers;
using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;

namespace InterpLsp.Tests.Lsp;

/// <summary>Every declared command has exactly one handler, checked when the server starts: the real table
/// answers every command of the protocol, and a table that misses one, handles an undeclared one or handles one
/// twice is refused naming it.</summary>
public sealed class CommandTableTests
{
    [Fact]
    public void The_servers_table_answers_every_declared_command()
    {
        using var engine = new InterpEngine(ModelRegistry.WithEmbedded()); // the model is not loaded
        var handler = new CommandHandler(new ServerSession(engine, new ServerLog(TextWriter.Null)));
        Assert.Equal(InterpProtocol.CommandNames.OrderBy(x => x), handler.Handled.OrderBy(x => x));
    }

    [Fact]
    public void A_table_that_does_not_match_the_protocol_is_refused_naming_the_command()
    {
        static CommandEndpoint E(ICommandType c) => CommandEndpoint.Of(c, _ => 0);
        var all = InterpProtocol.Commands.Select(E).ToList();
        Assert.Equal(InterpProtocol.Commands.Length, new CommandTable(all, InterpProtocol.Commands).Names.Count);

        var missing = Assert.Throws<InvalidOperationException>(() => new CommandTable(all.Where(e => e.Command != InterpProtocol.Explain), InterpProtocol.Commands));
        Assert.Contains("declared without a handler: interp.explain", missing.Message);
        var extra = Assert.Throws<InvalidOperationException>(() => new CommandTable(all.Append(E(new CommandType<int>("interp.nothing"))), InterpProtocol.Commands));
        Assert.Contains("handled but not declared: interp.nothing", extra.Message);
        var twice = Assert.Throws<InvalidOperationException>(() => new CommandTable(all.Append(E(InterpProtocol.ModelInfo)), InterpProtocol.Commands));
        Assert.Contains("handled twice: interp.modelInfo", twice.Message);
    }
}
