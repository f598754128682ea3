using System.Globalization;
using System.Text;
using InterpLsp.Interp.IO;

namespace InterpLsp.Interp.Directions;

/// <summary>
/// Parses the small Python literal subset used in .npy headers:
/// dicts, tuples, lists, quoted strings, integers, True/False/None.
/// Values come back as Dictionary&lt;string, object?&gt;, List&lt;object?&gt;, string, long or bool.
/// Nesting deeper than <see cref="MaxDepth"/> is refused (so a header of 60,000 '[' cannot overflow the stack), and
/// errors say what was expected and where, never the text itself.
/// </summary>
internal sealed class PyLiteral
{
    public const int MaxDepth = JsonErrors.MaxNesting;

    private readonly string _s;
    private int _i;
    private int _depth;

    private PyLiteral(string s) => _s = s;

    /// <exception cref="FormatException">The text is not a literal of the supported subset.</exception>
    public static object? Parse(string text)
    {
        var p = new PyLiteral(text);
        var value = p.Value();
        p.SkipSpace();
        if (p._i != p._s.Length) throw p.Error("unexpected text after the literal");
        return value;
    }

    private object? Value()
    {
        SkipSpace();
        if (_i >= _s.Length) throw Error("unexpected end");
        char c = _s[_i];
        if (c is '{' or '(' or '[')
        {
            if (++_depth > MaxDepth) throw Error($"nested more than {MaxDepth} levels deep");
            try
            {
                return c == '{' ? Dict() : Sequence(c == '(' ? ')' : ']');
            }
            finally
            {
                _depth--;
            }
        }
        return c switch
        {
            '\'' or '"' => Str(),
            _ when c == '-' || char.IsAsciiDigit(c) => Int(),
            _ when char.IsAsciiLetter(c) => Word(),
            _ => throw Error("unexpected character"),
        };
    }

    private Dictionary<string, object?> Dict()
    {
        var d = new Dictionary<string, object?>();
        _i++; // {
        while (true)
        {
            SkipSpace();
            if (Eat('}')) return d;
            if (Value() is not string key) throw Error("dict keys must be strings");
            SkipSpace();
            if (!Eat(':')) throw Error("expected ':'");
            d[key] = Value();
            SkipSpace();
            if (Eat('}')) return d;
            if (!Eat(',')) throw Error("expected ',' or '}'");
        }
    }

    private List<object?> Sequence(char close)
    {
        var list = new List<object?>();
        _i++; // ( or [
        while (true)
        {
            SkipSpace();
            if (Eat(close)) return list;
            list.Add(Value());
            SkipSpace();
            if (Eat(close)) return list;
            if (!Eat(',')) throw Error($"expected ',' or '{close}'");
        }
    }

    private string Str()
    {
        char quote = _s[_i++];
        var sb = new StringBuilder();
        while (_i < _s.Length && _s[_i] != quote)
        {
            if (_s[_i] == '\\' && _i + 1 < _s.Length) _i++;
            sb.Append(_s[_i++]);
        }
        if (!Eat(quote)) throw Error("unterminated string");
        return sb.ToString();
    }

    private long Int()
    {
        int start = _i;
        if (_s[_i] == '-') _i++;
        while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        var digits = _s[start.._i];
        if (_i < _s.Length && _s[_i] == 'L') _i++; // Python 2 long suffix
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            throw Error("integer out of range");
        return v;
    }

    private object? Word()
    {
        int start = _i;
        while (_i < _s.Length && char.IsAsciiLetterOrDigit(_s[_i])) _i++;
        return _s[start.._i] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error("unexpected word (expected True, False or None)"),
        };
    }

    private bool Eat(char c)
    {
        if (_i < _s.Length && _s[_i] == c) { _i++; return true; }
        return false;
    }

    private void SkipSpace()
    {
        while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++;
    }

    private FormatException Error(string what) => new($"{what} at character {_i}");
}
