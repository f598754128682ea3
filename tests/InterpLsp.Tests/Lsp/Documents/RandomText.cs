using InterpLsp.Lsp;
using InterpLsp.Lsp.Documents;
namespace InterpLsp.Tests.Lsp.Documents;

/// <summary>Seeded random text from pieces that stress position conversion.</summary>
internal sealed class RandomText(int seed)
{
    private static readonly string[] Pieces =
    {
        "a", "x", "hello ", "word ", "  ", "\t", "é", "e\u0301", "ß", "€", "中文", "漢字かな", "😀", "𝄞",
        "👨\u200D👩\u200D👧", "🏳️\u200D🌈", "\r\n", "\n", "\r", "\r\n", "\n\n", "\r\r",
        "\uD83D", "\uDE00",  // lone surrogates (a lone high surrogate may pair up with a following lone low one: fine)
        "let f = λx. x;", "\"quoted\"",
    };

    public Random Rng { get; } = new(seed);

    public string Next(int maxPieces)
    {
        int n = Rng.Next(maxPieces + 1);
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++) sb.Append(Pieces[Rng.Next(Pieces.Length)]);
        return sb.ToString();
    }

    /// <summary>A random offset of <paramref name="s"/> that an LSP position can address.</summary>
    public int AddressableOffset(string s)
    {
        while (true)
        {
            int o = Rng.Next(s.Length + 1);
            if (TextOracle.IsAddressable(s, o)) return o;
        }
    }
}
