using InterpLsp.Model.Embedded;

namespace InterpLsp.Tests.Support;

/// <summary>One model load for every test class that needs it (the test run shares it).</summary>
public sealed class ModelFixture : IDisposable
{
    public BertLanguageModel Model { get; } = EmbeddedMiniLm.Load();
    public void Dispose() => Model.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "model";
}
