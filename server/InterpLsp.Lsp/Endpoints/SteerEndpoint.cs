using InterpLsp.Lsp.Protocol;
using InterpLsp.Lsp.Server;
using InterpLsp.Model.Causal;

namespace InterpLsp.Lsp.Endpoints;

/// <summary>interp/steer: the unsteered and the steered continuation of a prompt (alpha * d at the direction's residual
/// hook, greedy or seeded sampling), streamed token by token as interp/steerText and as work-done progress;
/// cancellable (the request's cancellation or the progress's).</summary>
public sealed class SteerEndpoint(ServerSession session) : Endpoint<SteerParams, SteerResult>(session, InterpProtocol.Steer)
{
    public const int MaxTokens = 512;

    protected override async Task<SteerResult> HandleAsync(SteerParams p, CancellationToken ct)
    {
        var d = Direction(p.Id);
        var prompt = Required(p.Prompt, "prompt");
        if (p.Tokens is < 1 or > MaxTokens) throw LspErrors.InvalidParams($"tokens must be 1..{MaxTokens}, got {p.Tokens}");
        if (!double.IsFinite(p.Alpha)) throw LspErrors.InvalidParams("alpha is not a finite number");
        if (!(p.Temperature >= 0 && p.Temperature <= 100)) throw LspErrors.InvalidParams($"temperature must be 0..100, got {p.Temperature}");
        var token = p.WorkDoneToken?.ToString() ?? "";
        var notifier = new ClientNotifier(Session);
        await using var progress = await WorkDoneProgress.BeginAsync(Session, p.WorkDoneToken, "Interp: steering", d.Name, ct);
        return await Task.Run(() => LspErrors.Translate(() =>
        {
            var model = Engine.Model() as CausalLanguageModel
                ?? throw new ArgumentException($"{Engine.Selection.ModelId} is not a causal language model: steering needs one (Interp: Select Model)");
            var hook = Optional(p.Hook, "hook") ?? d.Hook!;
            var steer = ResidualIntervention.At(model, hook, d.Vector, (float)p.Alpha);
            var ids = model.Tokenizer.Tokenize(prompt).Select(t => t.Id).ToArray();
            var options = new GenerationOptions(p.Tokens, p.Temperature, p.Seed);
            var plain = new List<int>();
            var steered = new List<int>();
            GenerationStopped? stop = null;
            void Send(bool done) =>
                _ = notifier.SteerText(new SteerTextParams { Token = token, Unsteered = model.Decode(plain), Steered = model.Decode(steered), Done = done });
            foreach (var (into, intervention) in new[] { (plain, (ResidualIntervention?)null), (steered, steer) })
                foreach (var e in SteeredGeneration.Stream(model, ids, intervention, options, progress.Cancellation))
                {
                    if (e is GeneratedToken t)
                    {
                        into.Add(t.Id);
                        Send(false);
                        _ = progress.ReportAsync($"{(intervention is null ? "unsteered" : "steered")}: {into.Count} of {p.Tokens} tokens");
                    }
                    else stop = (GenerationStopped)e;
                }
            Send(true);
            return new SteerResult
            {
                Direction = d.Id, Hook = steer.HookName, Alpha = p.Alpha, Prompt = prompt,
                Unsteered = model.Decode(plain), Steered = model.Decode(steered), Stop = stop?.Message ?? "",
            };
        }), progress.Cancellation);
    }
}
