using InterpLsp.Model;
using InterpLsp.Model.Hooks;

namespace InterpLsp.Analysis.Engine;

/// <summary>What a model is: what <c>interp-lsp model</c> prints and <c>interp.modelInfo</c> answers.</summary>
public sealed record ModelDescription(string Id, ModelInfo Info, IReadOnlyList<HookPoint> Hooks);
