using System.CommandLine;
using InterpLsp.Analysis.Engine;
using InterpLsp.Interp.Directions;
using InterpLsp.Model.Causal;

namespace InterpLsp.Server.Cli;

/// <summary>What only a causal language model shows: <c>interp-lsp logits</c> (the tokens a direction promotes and
/// suppresses) and <c>interp-lsp steer</c> (a continuation with alpha * d added at the direction's hook, beside the
/// unsteered one).</summary>
public static class CausalCommands
{
    public static Command Logits()
    {
        var model = ModelOption.Create();
        var direction = DirectionOption();
        var top = new Option<int>("--top") { Description = "Tokens to list each way", DefaultValueFactory = _ => 10 };
        var json = TextOptions.Json();
        var library = LibraryCommand.LibraryOption();
        var cmd = new Command("logits", "The output tokens a residual-stream direction promotes and suppresses most (W_U . d through the final norm)")
        {
            model, direction, top, json, library,
        };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            var engine = ModelHost.Select(r.GetValue(model));
            LibraryCommand.Attach(engine, r.GetValue(library));
            var causal = Causal(engine);
            var d = engine.LoadDirection(r.GetValue(direction)!, baseDirectory: null, makeActive: true);
            var effects = LogitEffects.Of(causal, d.Vector, Math.Max(1, r.GetValue(top)));
            var nullSpace = UnembeddingNullSpace.Of(causal.Decoder, d.Vector);
            if (r.GetValue(json))
            {
                JsonOutput.Print(new
                {
                    direction = d.Id, hook = d.Hook, model = engine.Selection.ModelId,
                    promoted = effects.Promoted.Select(t => new { id = t.Id, token = t.Token, value = t.Value }),
                    suppressed = effects.Suppressed.Select(t => new { id = t.Id, token = t.Token, value = t.Value }),
                    unembedding_null_space = new
                    {
                        share = nullSpace.Share, random_mean = nullSpace.RandomMean, percentile = nullSpace.Percentile,
                        k = nullSpace.K, random_draws = nullSpace.RandomDraws,
                    },
                });
                return 0;
            }
            Console.Out.WriteLine($"{d.Name} at {d.Hook} on {causal.Info.Name}: W_U . d through the final norm");
            Console.Out.WriteLine("promotes\t\tsuppresses");
            for (int i = 0; i < Math.Max(effects.Promoted.Count, effects.Suppressed.Count); i++)
            {
                string Cell(IReadOnlyList<(int Id, string Token, float Value)> l) => i < l.Count ? $"{Show(l[i].Token)} {l[i].Value:+0.000;-0.000}" : "";
                Console.Out.WriteLine($"{Cell(effects.Promoted),-24}\t{Cell(effects.Suppressed)}");
            }
            Console.Out.WriteLine($"entropy-neuron test: {nullSpace.Share:P1} of d in the span of W_U's bottom {nullSpace.K} singular vectors " +
                $"(random directions: {nullSpace.RandomMean:P1} on average; d at the {nullSpace.Percentile:F0}th percentile of {nullSpace.RandomDraws})");
            return 0;
        }));
        return cmd;
    }

    public static Command Steer()
    {
        var model = ModelOption.Create();
        var direction = DirectionOption();
        var prompt = new Option<string>("--prompt", "-p") { Description = "The text to continue", Required = true };
        var alpha = new Option<float>("--alpha", "-a") { Description = "How much of the direction to add (alpha * d)", DefaultValueFactory = _ => 8f };
        var hook = new Option<string?>("--hook") { Description = "blocks.L.hook_resid_pre or hook_resid_post (default: the direction's hook)" };
        var tokens = new Option<int>("--tokens", "-n") { Description = "New tokens", DefaultValueFactory = _ => 24 };
        var temperature = new Option<double>("--temperature", "-t") { Description = "0: greedy; above 0: sampled from softmax(logits / T)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampler (both continuations use it)", DefaultValueFactory = _ => 0 };
        var normalize = new Option<bool>("--normalize") { Description = "Scale d to unit norm first" };
        var json = TextOptions.Json();
        var library = LibraryCommand.LibraryOption();
        var cmd = new Command("steer", "Continue a prompt with alpha * d added to the residual stream at every position, beside the unsteered continuation")
        {
            model, direction, prompt, alpha, hook, tokens, temperature, seed, normalize, json, library,
        };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            var engine = ModelHost.Select(r.GetValue(model));
            LibraryCommand.Attach(engine, r.GetValue(library));
            var causal = Causal(engine);
            var d = engine.LoadDirection(r.GetValue(direction)!, baseDirectory: null, makeActive: true);
            var at = r.GetValue(hook) ?? d.Hook!;
            var steer = ResidualIntervention.At(causal, at, d.Vector, r.GetValue(alpha), r.GetValue(normalize));
            var ids = causal.Tokenizer.Tokenize(r.GetValue(prompt)!).Select(t => t.Id).ToArray();
            var options = new GenerationOptions(Math.Max(1, r.GetValue(tokens)), r.GetValue(temperature), r.GetValue(seed));
            var both = SteeredGeneration.SideBySide(causal, ids, steer, options);
            if (r.GetValue(json))
            {
                JsonOutput.Print(new
                {
                    direction = d.Id, hook = steer.HookName, alpha = steer.Alpha, temperature = options.Temperature, seed = options.Seed,
                    prompt = r.GetValue(prompt),
                    unsteered = new { text = causal.Decode(both.Unsteered.Ids), ids = both.Unsteered.Ids, stop = both.Unsteered.Stop.Message },
                    steered = new { text = causal.Decode(both.Steered.Ids), ids = both.Steered.Ids, stop = both.Steered.Stop.Message },
                });
                return 0;
            }
            Console.Out.WriteLine($"{d.Name}, alpha {steer.Alpha:G4} at {steer.HookName}, {(options.Temperature == 0 ? "greedy" : $"sampled at T={options.Temperature:G3}, seed {options.Seed}")}");
            Console.Out.WriteLine($"unsteered: {r.GetValue(prompt)}{causal.Decode(both.Unsteered.Ids)}");
            Console.Out.WriteLine($"steered:   {r.GetValue(prompt)}{causal.Decode(both.Steered.Ids)}");
            return 0;
        }));
        return cmd;
    }

    private static Option<string> DirectionOption() => new("--direction", "-d")
    {
        Description = "A residual-stream direction: a .json/.npy/.safetensors file, an SAELens feature (DIR#feature[I]), or a library name",
        Required = true,
    };

    private static CausalLanguageModel Causal(InterpEngine engine) => engine.Model() as CausalLanguageModel
        ?? throw new ArgumentException($"{engine.Selection.ModelId} is not a causal language model: logits and steering need one (--model FOLDER or a cached hub name)");

    private static string Show(string token) => "'" + token.Replace("\n", "\\n").Replace("\t", "\\t") + "'";
}
