using InterpLsp.Model;
using InterpLsp.Model.Tokenization;
using System.Text;

namespace InterpLsp.Tests.Tokenization;

/// <summary>Test inputs: hand-picked cases, a mixed alphabet for random strings, and long mixed documents.</summary>
public static class TestText
{
    public static readonly string[] Cases =
    [
        "",
        " ",
        "\t\n\r\n  \u00A0\u3000",
        "Hello, World!",
        "The quick brown fox jumps over the lazy dog.",
        // code
        "public static async Task<int> Main(string[] args) { var x = args?.Length ?? 0; return x >= 1 ? 0 : -1; }",
        "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; } // dot-product\r\n#region Foo\r\n#endregion",
        "def f(x: list[int]) -> dict[str, int]:\n    return {k: v for k, v in enumerate(x) if v % 2 == 0}\n",
        "@dataclass\nclass A:\n    __slots__ = ('a', \"b\")\n    lambda_ = lambda *args, **kw: None",
        "#!/bin/bash\nset -euo pipefail\nfor f in $(ls *.txt); do echo \"${f%.txt}\" | tr a-z A-Z > \"$f.out\" 2>&1; done\n[[ $x =~ ^[0-9]+$ ]] && echo ok || exit 1",
        "a$b+c<d=e>f^g`h|i~j\\k",
        "x+=1; y<<=2; z>>>=3; p->q; a::b; c&&d||!e; f?.g ?? h; `tmpl ${x}`",
        "snake_case camelCase PascalCase kebab-case SCREAMING_CASE 0xDEADBEEF 1e-10 3.14159",
        "https://example.com/path?query=1&b=%20#frag user@example.com C:\\Windows\\System32",
        // accents
        "Héllo naïve café résumé Ångström İstanbul ıi ß ẞ Σίσυφος ΣΑΣ Ǆemal ﬁnance",
        "e\u0301 a\u0300\u0323 A\u030A Cafe\u0301s",
        "Ωmega Ωmega \u212Bngström \u2126",
        // emoji
        "I ❤️ NY 😀😃 👍🏽 👨‍👩‍👧‍👦 👩🏽‍💻 🏳️‍🌈 🇫🇷🇯🇵 #️⃣ 1️⃣ ©️ ™ 🤖",
        "emoji😀inside😀words and👨‍👩‍👧family",
        // CJK, Japanese, Korean
        "中文分词测试。你好，世界！",
        "日本語のテキスト、カタカナとひらがな。東京タワー",
        "한국어 텍스트입니다. 안녕하세요 세계",
        "漢字𠀀𪜀𫝀𫠠𬺰丽丸 ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ｶﾀｶﾅ",
        "\uF900\uF901\uFA0E\u2F80\U0002F800",
        // whitespace and line breaks
        "tab\tseparated\tvalues\nline2\r\nline3\rline4\u2028line5\u2029line6\u0085line7\u000Bline8\u000Cline9",
        "a\u1680b\u2000c\u200Ad\u202Fe\u205Ff\u180Eg",
        // long words
        new string('a', 99),
        new string('a', 100),
        new string('a', 101),
        new string('a', 150) + " ok " + new string('b', 100) + "c",
        string.Concat(Enumerable.Repeat("e\u0301", 100)),
        string.Concat(Enumerable.Repeat("e\u0301", 101)),
        "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        // NUL, controls, zero-width
        "nul\0byte\0\0end \u0001\u0002\u007F\u0080\u009F",
        "zero\u200Bwidth\u200Cnon\u200Djoiner\uFEFFbom\u2060wj soft\u00ADhyphen \uFFFDreplacement",
        "\uE000private\uF8FFuse\U000F0000 \uFFFE\uFFFF nonchar \u0378unassigned",
        // combining marks and scripts
        "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324\u031E\u0349\u035A\u032F\u031E\u0320\u034DA\u036B\u0357\u0334\u0362\u0335\u031C\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030E\u0305\u035B\u0341\u0334\u033B\u0348\u034D\u0354\u0339O\u0342\u030C\u030C\u0358\u0328\u0335\u0339\u033B\u031D\u0333",
        "العربية: مَرْحَبًا بِالْعَالَمِ ١٢٣",
        "עברית: שָׁלוֹם עוֹלָם",
        "हिन्दी: नमस्ते दुनिया। क़ ख़ ग़",
        "বাংলা: কো কৌ தமிழ்: கொ கோ കൊ ෝ",
        "ภาษาไทย: สวัสดีชาวโลก ຄຳ",
        "Ελληνικά: Καλημέρα κόσμε· Ἀθῆναι",
        "Русский: Привет, мир! Ёлка ЁЖ",
        "\U0001D400\U0001D41A math \U00010400\U00010428 deseret \U00010D50 garay \u1C89 \uA7CB",
        "musical \U0001D15E\U0001D160 \U0001D16D\U0001D165 a\U0001D16D\u0941\U0001D165 ᬅ\u1B44\u302E",
        "\u166D\u2E55\u2E5D new-punct \u0890\u08E2\u110CD format \u1734\u1171E marks",
        "≠ ≮ ≯ \u037E \u0387 \u1FEF \u2329\u232A",
        // special-token look-alikes (literal text unless matchSpecialTokens)
        "[CLS] hello [SEP] [MASK] [PAD] [UNK] [cls] [[SEP]] [SEP[SEP]",
        // lone surrogates
        "lone\uD800high lone\uDC00low \uDBFF\uDFFF ok \uD83D",
    ];

    /// <summary>Pieces random strings are made of: single characters and short sequences of many kinds.</summary>
    public static readonly string[] Alphabet = BuildAlphabet();

    private static string[] BuildAlphabet()
    {
        var a = new List<string>();
        for (char c = ' '; c < 0x7F; c++) a.Add(c.ToString());
        for (char c = 'a'; c <= 'z'; c++) { a.Add(c.ToString()); a.Add(c.ToString()); }
        a.AddRange(["the", "ing", "tion", "un", "##", "Hello", "world", "def", "var", "=>", "!=", "&&", "::"]);
        a.AddRange(["\t", "\n", "\r\n", "\r", " ", " ", " ", "  ", "\u00A0", "\u2003", "\u3000", "\u2028", "\u1680", "\u180E", "\u0085", "\u000B", "\u000C"]);
        a.AddRange(["\0", "\u0001", "\u001F", "\u007F", "\u009F", "\u00AD", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\uFFFD", "\uE000", "\uF8FF", "\U000F0000", "\uFFFE", "\u0378"]);
        a.AddRange(["é", "É", "ñ", "ü", "Å", "ç", "ø", "æ", "œ", "ß", "ẞ", "İ", "ı", "ﬁ", "Ǆ", "ǅ", "Σ", "ς", "σ", "Ω", "\u212B", "\u2126", "\u212A"]);
        a.AddRange(["\u0300", "\u0301", "\u0308", "\u0323", "\u0327", "\u0345", "\u034F", "\u0360", "\u20DD", "\u20E3", "\uFE0F", "\uFE0E"]);
        a.AddRange(["α", "β", "Γ", "ά", "ῆ", "Ж", "ж", "Ё", "щ", "Ա", "ა"]);
        a.AddRange(["中", "文", "字", "𠀀", "𪜀", "\uF900", "\uFA0E", "\U0002F800", "あ", "ア", "ｱ", "ー", "。", "、", "「", "」", "！", "，"]);
        a.AddRange(["한", "글", "각", "ᄀ", "ᅡ", "ᆨ", "ㄱ"]);
        a.AddRange(["م", "َ", "ْ", "ً", "ا", "١", "ש", "ׁ", "ָ", "न", "म", "्", "ि", "ु", "क़", "ো", "ৌ", "கொ", "ൊ", "ෝ", "ส", "ั", "ี"]);
        a.AddRange(["😀", "👍", "🏽", "👨‍👩‍👧", "🇫🇷", "🇯", "❤️", "#️⃣", "🤖", "\U0001F970", "\U0001FAE8"]);
        a.AddRange(["\U0001D400", "\U00010400", "\U00010428", "\U00010D50", "\u1C89", "\uA7CB", "\uA7CE", "\U00016EA0"]);
        a.AddRange(["\U0001D15E", "\U0001D160", "\U0001D165", "\U0001D16D", "\U0001D16E", "\u1B44", "\u302E", "\U0001E944", "\U0001E94A", "\u08D4", "\u0941", "\u0B56", "\U00011446"]);
        a.AddRange(["\u166D", "\u2E55", "\u0890", "\u08E2", "\U000110CD", "\U00013430", "\u1734", "\U0001171E", "\U00011938", "\u1AB0", "\u1DF6"]);
        a.AddRange(["≠", "≮", "\u037E", "\u0387", "\u1FEF", "\u2329", "…", "—", "–", "‘", "’", "“", "”", "«", "»", "¿", "¡", "§", "¶", "•", "€", "£", "¥", "©", "®", "°", "±", "×", "÷"]);
        a.AddRange(["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[", "]"]);
        a.AddRange(["\uD800", "\uDC00"]); // lone surrogates (unless they happen to pair up)
        return a.ToArray();
    }

    /// <summary>A random string of up to <paramref name="maxPieces"/> pieces of <see cref="Alphabet"/>;
    /// sometimes with a long run of one letter (word-length limits).</summary>
    public static string Random(Random rng, int maxPieces = 40)
    {
        var sb = new StringBuilder();
        int n = rng.Next(maxPieces + 1);
        for (int i = 0; i < n; i++)
        {
            if (rng.Next(60) == 0) sb.Append((char)('a' + rng.Next(3)), 95 + rng.Next(12));
            else sb.Append(Alphabet[rng.Next(Alphabet.Length)]);
        }
        return sb.ToString();
    }

    /// <summary>A mixed document of at least <paramref name="length"/> characters: code, prose in many scripts,
    /// emoji, odd characters.</summary>
    public static string Document(int length, int seed = 42)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(length + 1000);
        while (sb.Length < length)
        {
            switch (rng.Next(4))
            {
                case 0:
                case 1: sb.Append(Cases[rng.Next(Cases.Length)]); break;
                case 2: sb.Append(Random(rng, 30)); break;
                default: sb.Append(Prose[rng.Next(Prose.Length)]); break;
            }
            sb.Append(rng.Next(3) == 0 ? "\n" : " ");
        }
        return sb.ToString();
    }

    private static readonly string[] Prose =
    [
        "Interpretability tools let us look inside a model: which tokens does an attention head attend to, and why?",
        "We tokenize the document once and map every token back to its range in the editor, so hovers line up.",
        "Die Straße ist naß, und die Bäume sind grün. Übermäßig große Äpfel fallen herab.",
        "Le garçon a mangé une crème brûlée près de la fenêtre, à côté de l'hôtel.",
        "El niño pidió una piña colada en la terraza del café; ¿por qué no?",
        "Sự tích Hồ Gươm là một truyền thuyết nổi tiếng của Việt Nam.",
        "Tokenisation (BERT WordPiece) splits 'unaffable' into 'una', '##ffa', '##ble'.",
    ];
}
