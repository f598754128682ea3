namespace InterpLsp.Lsp.Documents;

/// <summary>The unit in which an LSP <c>Position.character</c> is counted.</summary>
public enum PositionEncoding
{
    /// <summary>"utf-16": UTF-16 code units. The LSP default, and the native unit of .NET strings.</summary>
    Utf16,
    /// <summary>"utf-8": bytes of the UTF-8 encoding.</summary>
    Utf8,
    /// <summary>"utf-32": Unicode code points.</summary>
    Utf32,
}

public static class PositionEncodings
{
    public const string Utf16Name = "utf-16";
    public const string Utf8Name = "utf-8";
    public const string Utf32Name = "utf-32";

    /// <summary>The LSP name ("utf-16", "utf-8", "utf-32"), as sent in <c>capabilities.positionEncoding</c>.</summary>
    public static string ToLspName(this PositionEncoding encoding) => encoding switch
    {
        PositionEncoding.Utf16 => Utf16Name,
        PositionEncoding.Utf8 => Utf8Name,
        PositionEncoding.Utf32 => Utf32Name,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>Parses an LSP encoding name (exact, as the spec's <c>PositionEncodingKind</c> values are lower case).</summary>
    public static bool TryParse(string? lspName, out PositionEncoding encoding)
    {
        switch (lspName)
        {
            case Utf16Name: encoding = PositionEncoding.Utf16; return true;
            case Utf8Name: encoding = PositionEncoding.Utf8; return true;
            case Utf32Name: encoding = PositionEncoding.Utf32; return true;
            default: encoding = PositionEncoding.Utf16; return false;
        }
    }

    /// <summary>
    /// Picks the server's position encoding from the client's <c>general.positionEncodings</c>
    /// (listed in the client's order of preference). LSP 3.17: if the client sends none, the
    /// encoding is utf-16, which every server must support. We prefer utf-16 whenever it is
    /// offered (it is our native unit: no per-line scan); otherwise the client's first offer that
    /// we support; otherwise utf-16 (a client that offers nothing we know still speaks utf-16).
    /// </summary>
    public static PositionEncoding Negotiate(IEnumerable<string>? clientOffers)
    {
        if (clientOffers is null) return PositionEncoding.Utf16;
        PositionEncoding? firstSupported = null;
        foreach (var offer in clientOffers)
        {
            if (!TryParse(offer, out var enc)) continue;
            if (enc == PositionEncoding.Utf16) return enc;
            firstSupported ??= enc;
        }
        return firstSupported ?? PositionEncoding.Utf16;
    }
}
