namespace InterpLsp.Model.Verification;

/// <summary>Varied texts for checking the forward pass: prose, code, accents, emoji, CJK, numbers,
/// whitespace, long inputs.</summary>
public static class VerificationTexts
{
    /// <summary>Plain English prose: the package's own tokenizer agrees with ours on these.</summary>
    public static readonly string[] Prose =
    {
        "The kettle was warm.",
        "Two gases mixing in a closed box will never separate on their own.",
        "She opened the window and the cold air rushed into the room.",
        "The committee postponed its decision until the next meeting.",
        "A small boat drifted slowly across the quiet lake at dawn.",
        "Prices rose sharply after the announcement of the new tax.",
        "He forgot his keys again, so he waited outside for an hour.",
        "The library closes early on public holidays.",
        "Entropy tends to increase in isolated systems.",
        "My grandmother grows tomatoes and beans in her garden every summer.",
        "The results of the experiment were surprising to everyone involved.",
        "If it rains tomorrow, the match will be cancelled.",
        "The old bridge was finally repaired after years of complaints.",
        "Children learn languages faster than most adults do.",
        "The coffee had gone cold by the time the meeting ended.",
        "Scientists discovered a new species of frog in the rainforest.",
        "The train was delayed because of snow on the tracks.",
        "Reading before bed helps many people fall asleep.",
        "The museum displays paintings from the nineteenth century.",
        "Heat flows from the warmer body to the colder one until they reach equilibrium.",
    };

    public static IReadOnlyList<string> Varied()
    {
        var list = new List<string>(Prose)
        {
            "def add(a, b):\n    return a + b  # sum\n",
            "for (int i = 0; i < n; ++i) { total += x[i] * w[i]; }",
            "$ grep -rn \"TODO\" src/ | wc -l && echo done > /tmp/out.txt",
            "SELECT name, COUNT(*) FROM users WHERE age >= 18 GROUP BY name;",
            "Héllo, naïve café owners in Ångström street!",
            "İstanbul and Zürich are cities; São Paulo too.",
            "I love this 😀🎉 and 👩‍👩‍👧 emoji!",
            "東京は日本の首都です。北京是中国的首都。",
            "한국어 문장도 있습니다.",
            "Tabs\tand\nnewlines\r\nand   spaces.",
            "The price is $4,299.99 (incl. 20% VAT) — cheap?",
            "e^(iπ) + 1 = 0; ∑_{k=1}^{n} k = n(n+1)/2",
            "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
            "https://example.com/path?query=1&other=two#frag",
            "user@example.org wrote: >> quoted text << end",
            "\"Quoted,\" she said. 'Single quotes' and `backticks`.",
            "1234567890 3.14159 2.71828 6.022e23 0xFF",
            "Mixed CASE Words And ACRONYMS like NASA and HTTP.",
            "Ünïcödé äccents everywhere: àéîõü ÀÉÎÕÜ ñ ç ß",
            "Arabic: مرحبا بالعالم — Hebrew: שלום עולם",
            "Devanagari: नमस्ते दुनिया",
            "a",
            "?",
            "[brackets] {braces} (parens) <angles>",
            "The the the the the the the the the the.",
            "Line one.\n\nLine three after a blank line.",
            "x = [i**2 for i in range(10) if i % 2 == 0]",
            "println!(\"{}\", v.iter().map(|x| x * 2).sum::<i32>());",
            "Warm, warmer, warmest; cold, colder, coldest.",
            "The mixture of two gases increases the disorder of the system.",
        };
        // Long inputs: one near the model's 512 positions.
        list.Add(string.Join(" ", Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 45)));
        list.Add(string.Join("\n", Prose));
        return list;
    }
}
