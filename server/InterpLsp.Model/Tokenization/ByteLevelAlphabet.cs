namespace InterpLsp.Model.Tokenization;

/// <summary>
/// GPT-2's byte-to-character table (<c>bytes_to_unicode</c>), which byte-level BPE vocabularies are written in: the
/// printable bytes '!'..'~', 0xA1..0xAC and 0xAE..0xFF stand for themselves, the other 68 bytes (controls, space,
/// 0x7F..0xA0, 0xAD) are U+0100.. in byte order, so the space is 'Ġ' (U+0120) and LF is 'Ċ' (U+010A).
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly short[] s_charToByte = BuildCharToByte(s_byteToChar);

    /// <summary>The character that stands for <paramref name="b"/> in a vocabulary.</summary>
    public static char ByteToChar(byte b) => s_byteToChar[b];

    /// <summary>The byte a vocabulary character stands for, or -1 when <paramref name="c"/> is not in the alphabet.</summary>
    public static int CharToByte(char c) => c < s_charToByte.Length ? s_charToByte[c] : -1;

    /// <summary>The bytes a vocabulary token spells, or null when a character of it is not in the alphabet (an added
    /// token such as "&lt;|endoftext|&gt;" is plain text, not byte-level).</summary>
    public static byte[]? Decode(ReadOnlySpan<char> token)
    {
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
        {
            int b = CharToByte(token[i]);
            if (b < 0) return null;
            bytes[i] = (byte)b;
        }
        return bytes;
    }

    /// <summary>A token string for <paramref name="bytes"/>, in the alphabet.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = s_byteToChar[bytes[i]];
        return new string(chars);
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)(256 + n++);
        }
        return map;
    }

    private static short[] BuildCharToByte(char[] byteToChar)
    {
        var map = new short[256 + 68];
        Array.Fill(map, (short)-1);
        for (int b = 0; b < 256; b++) map[byteToChar[b]] = (short)b;
        return map;
    }
}
