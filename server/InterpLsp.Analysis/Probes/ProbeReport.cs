using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace InterpLsp.Analysis.Probes;

/// <summary>How a probe did on its held-out split, and how it was made. <see cref="Selectivity"/> is
/// <see cref="Accuracy"/> minus <see cref="ControlAccuracy"/>, the held-out accuracy of the same method trained on
/// the training labels shuffled (seeded): Hewitt &amp; Liang's control. Counts are rows (sentences, or tokens at
/// token level). Serialises with snake_case keys (<c>accuracy</c>, <c>auroc</c>, <c>f1</c>, <c>selectivity</c>,
/// <c>n_train</c>, <c>n_test</c>, ...).</summary>
public sealed record ProbeReport
{
    /// <summary>Warn when a class has fewer rows than this in all.</summary>
    public const int SmallClassFloor = 30;
    /// <summary>Warn when one class is more than this share of the rows.</summary>
    public const double DominantShare = 0.8;

    public required double Accuracy { get; init; }
    public required double Auroc { get; init; }
    public required double F1 { get; init; }
    public required double Selectivity { get; init; }
    public required double ControlAccuracy { get; init; }
    public required double TrainAccuracy { get; init; }
    public required int NTrain { get; init; }
    public required int NTest { get; init; }
    public required int NTrainPositive { get; init; }
    public required int NTrainNegative { get; init; }
    public required int NTestPositive { get; init; }
    public required int NTestNegative { get; init; }
    public required int NExamples { get; init; }
    public required string Method { get; init; }
    /// <summary><c>mean</c> or <c>last</c> for sentence data; <c>token</c> for span data.</summary>
    public required string Pooling { get; init; }
    public required string Level { get; init; }
    public required string Hook { get; init; }
    public required string Model { get; init; }
    /// <summary>Logistic: the chosen C (inverse L2 strength on standardised features); null for the other methods.</summary>
    public double? L2C { get; init; }
    public double[]? L2Grid { get; init; }
    public required double TestFraction { get; init; }
    public required int Seed { get; init; }
    /// <summary>Rows (examples at token level) repeating a text already in the data: all copies of a text are kept on
    /// one side of the held-out split.</summary>
    public int NDuplicateRows { get; init; }
    public required string DataHash { get; init; }
    public required string Data { get; init; }
    public required string Bias { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    public static readonly JsonSerializerSettings Json = new()
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new SnakeCaseNamingStrategy() },
        Formatting = Formatting.Indented,
        NullValueHandling = NullValueHandling.Ignore,
        // no held-out split: the scores are NaN, written as null (never the string "NaN", never a number)
        Converters = { new NonFiniteAsNull() },
    };

    /// <summary>Writes a NaN or infinite double as JSON null, and reads null back as NaN.</summary>
    private sealed class NonFiniteAsNull : JsonConverter<double>
    {
        public override void WriteJson(JsonWriter writer, double value, JsonSerializer serializer)
        {
            if (double.IsFinite(value)) writer.WriteValue(value); else writer.WriteNull();
        }

        public override double ReadJson(JsonReader reader, Type objectType, double existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            reader.TokenType == JsonToken.Null ? double.NaN : Convert.ToDouble(reader.Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public string ToJson() => JsonConvert.SerializeObject(this, Json);

    /// <summary>A few lines for people.</summary>
    public string ToText() =>
        $"probe {Method} at {Hook} ({Level}, pooling {Pooling}) on {Data}\n" +
        $"held out {NTest} ({NTestPositive} positive, {NTestNegative} negative) of {NTrain + NTest}; trained on {NTrain} ({NTrainPositive}/{NTrainNegative}); seed {Seed}\n" +
        $"accuracy {Accuracy:F3}  auroc {Auroc:F3}  f1 {F1:F3}  selectivity {Selectivity:F3} (shuffled-label control accuracy {ControlAccuracy:F3}); train accuracy {TrainAccuracy:F3}\n" +
        (L2C is { } c ? $"L2: C = {c:G3} chosen by cross-validation from {{{string.Join(", ", L2Grid!.Select(g => g.ToString("G3")))}}}\n" : "") +
        (NDuplicateRows > 0 ? $"duplicate rows: {NDuplicateRows} (every copy of a text on one side of the split)\n" : "") +
        $"bias: {Bias}\n" +
        $"data hash {DataHash}" +
        string.Concat(Warnings.Select(w => $"\nwarning: {w}"));
}
