using InterpLsp.Lsp.InProcess;
using InterpLsp.Model;

namespace InterpLsp.Tests.Support;

/// <summary>The product's in-process client (the benchmark's too), over the shared test model.</summary>
public sealed class LspTestClient(ILanguageModel model) : InProcessLspClient(model);
