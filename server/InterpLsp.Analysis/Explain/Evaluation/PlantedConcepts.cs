namespace InterpLsp.Analysis.Explain.Evaluation;

/// <summary>The concepts the evaluation plants directions for: WordNet synsets (by lemma, part of speech and sense
/// number, resolved in the lexicon) and supersenses that occur often enough in the default corpus sample, and
/// pairs of them for mixtures.</summary>
public static class PlantedConcepts
{
    /// <summary>Synsets as (lemma, pos, sense number in the lemma's index list) and supersenses as <c>lexname:…</c>.</summary>
    public static readonly string[] Concepts =
    [
        "animal.n.01", "person.n.01", "plant.n.02", "food.n.01", "body_part.n.01", "time_period.n.01", "location.n.01",
        "color.n.01", "number.n.02", "liquid.n.01", "building.n.01", "vehicle.n.01", "weapon.n.01", "music.n.01",
        "disease.n.01", "fish.n.01", "bird.n.01", "tree.n.01", "metal.n.01", "emotion.n.01",
        "lexname:verb.motion", "lexname:verb.communication", "lexname:noun.quantity", "lexname:verb.consumption",
    ];

    /// <summary>Pairs for the mixture test (indices into <see cref="Concepts"/>).</summary>
    public static readonly (string A, string B)[] Mixtures =
    [
        ("animal.n.01", "color.n.01"), ("food.n.01", "vehicle.n.01"), ("body_part.n.01", "music.n.01"), ("plant.n.02", "weapon.n.01"),
        ("time_period.n.01", "liquid.n.01"), ("disease.n.01", "building.n.01"), ("bird.n.01", "metal.n.01"), ("person.n.01", "number.n.02"),
        ("fish.n.01", "emotion.n.01"), ("tree.n.01", "location.n.01"),
    ];

    public const int RandomDirections = 10;
    public const int FirstRandomSeed = 5001;
}
