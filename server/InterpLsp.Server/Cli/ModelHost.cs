using InterpLsp.Model.Embedded;

namespace InterpLsp.Server.Cli;

/// <summary>The process's one model, loaded lazily on first use.</summary>
public static class ModelHost
{
    private static readonly Lazy<BertLanguageModel> _model = new(EmbeddedMiniLm.Load, isThreadSafe: true);
    public static BertLanguageModel Model => _model.Value;
}
