using System.Globalization;
using System.Numerics;
using System.Text;

namespace Erlang.Terms.Internal;

/// <summary>Splits Erlang term text into tokens, tracking line and column.</summary>
internal sealed class TermLexer
{
    private readonly string _text;
    private readonly string _fileName;
    private readonly ErlangTermReaderOptions _options;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public TermLexer(string text, string fileName, ErlangTermReaderOptions options)
    {
        _text = text;
        _fileName = fileName;
        _options = options;
    }

    public SourcePosition Here => new(_fileName, _line, _pos - _lineStart + 1);

    public Token Next()
    {
        SkipWhitespaceAndComments();
        var start = Here;
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.EndOfInput, start, "");
        }
        char c = _text[_pos];
        if (c is >= 'a' and <= 'z' || IsLatin1Lower(c))
        {
            return LexAtom(start);
        }
        if (c is >= 'A' and <= 'Z' or '_' || IsLatin1Upper(c))
        {
            int begin = _pos;
            while (_pos < _text.Length && IsNameChar(_text[_pos]))
            {
                _pos++;
            }
            return new Token(TokenKind.Variable, start, _text[begin.._pos]);
        }
        if (c is >= '0' and <= '9')
        {
            return LexNumber(start);
        }
        switch (c)
        {
            case '$':
                return LexChar(start);
            case '\'':
                return LexQuotedAtom(start);
            case '"':
                return LexString(start);
            case '.':
                _pos++;
                if (_pos >= _text.Length || IsWhitespace(_text[_pos]) || _text[_pos] == '%')
                {
                    return new Token(TokenKind.Dot, start, ".");
                }
                throw Error(start, "unexpected '.' (a term ends with '.' followed by whitespace)");
            case '=':
                if (Peek(1) == '>')
                {
                    _pos += 2;
                    return new Token(TokenKind.Punctuation, start, "=>");
                }
                break;
            case '<':
                if (Peek(1) == '<')
                {
                    _pos += 2;
                    return new Token(TokenKind.Punctuation, start, "<<");
                }
                break;
            case '>':
                if (Peek(1) == '>')
                {
                    _pos += 2;
                    return new Token(TokenKind.Punctuation, start, ">>");
                }
                break;
            case '{' or '}' or '[' or ']' or '(' or ')' or ',' or '|' or '#' or '-' or '+' or '/' or ':':
                _pos++;
                return new Token(TokenKind.Punctuation, start, c.ToString());
        }
        throw Error(start, $"unexpected character {DescribeChar(c)}");
    }

    private Token LexAtom(SourcePosition start)
    {
        int begin = _pos;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            // A '.' inside a name (not followed by whitespace) continues the atom, so node names
            // such as cloudi@host.example.org need no quotes; in Erlang this would be an error.
            if (IsNameChar(c) || (c == '.' && _pos + 1 < _text.Length && IsNameChar(_text[_pos + 1])))
            {
                _pos++;
                if (_pos - begin > ErlangAtom.MaxLength)
                {
                    throw Error(start, $"atom longer than {ErlangAtom.MaxLength} characters");
                }
            }
            else
            {
                break;
            }
        }
        return new Token(TokenKind.Atom, start, _text[begin.._pos]);
    }

    private Token LexNumber(SourcePosition start)
    {
        int begin = _pos;
        string digits = ReadDigits(start, 10);
        if (Peek(0) == '#')
        {
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int radix) || radix < 2 || radix > 36)
            {
                throw Error(start, $"invalid base {digits} (2..36)");
            }
            _pos++;
            string based = ReadDigits(start, radix);
            if (based.Length == 0)
            {
                throw Error(start, $"missing digits after {digits}#");
            }
            BigInteger value = BigInteger.Zero;
            foreach (char d in based)
            {
                value = value * radix + DigitValue(d);
            }
            return new Token(TokenKind.Integer, start, _text[begin.._pos]) { Integer = value };
        }
        if (Peek(0) == '.' && Peek(1) is >= '0' and <= '9')
        {
            _pos++;
            string fraction = ReadDigits(start, 10);
            string exponent = "";
            if (Peek(0) is 'e' or 'E')
            {
                _pos++;
                string sign = "";
                if (Peek(0) is '+' or '-')
                {
                    sign = Peek(0).ToString();
                    _pos++;
                }
                string expDigits = ReadDigits(start, 10);
                if (expDigits.Length == 0)
                {
                    throw Error(start, "missing digits in the float's exponent");
                }
                exponent = "e" + sign + expDigits;
            }
            string text = digits + "." + fraction + exponent;
            double value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(value))
            {
                throw Error(start, $"float {text} is out of range");
            }
            return new Token(TokenKind.Float, start, _text[begin.._pos]) { Float = value };
        }
        var integer = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return new Token(TokenKind.Integer, start, _text[begin.._pos]) { Integer = integer };
    }

    /// <summary>Digits of <paramref name="radix"/>, with single '_' allowed between digits; returns them without '_'.</summary>
    private string ReadDigits(SourcePosition start, int radix)
    {
        var sb = new StringBuilder();
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (DigitValue(c) < radix)
            {
                sb.Append(c);
                _pos++;
            }
            else if (c == '_' && sb.Length > 0 && _pos + 1 < _text.Length && DigitValue(_text[_pos + 1]) < radix)
            {
                _pos++;
            }
            else
            {
                break;
            }
            if (sb.Length > _options.MaxNumberDigits)
            {
                throw Error(start, $"number literal longer than {_options.MaxNumberDigits} digits");
            }
        }
        return sb.ToString();
    }

    private Token LexChar(SourcePosition start)
    {
        int begin = _pos;
        _pos++; // '$'
        if (_pos >= _text.Length)
        {
            throw Error(start, "unterminated character literal");
        }
        int value = _text[_pos] == '\\' ? ReadEscape(start, "character literal") : ReadRawCodePoint();
        return new Token(TokenKind.Integer, start, _text[begin.._pos]) { Integer = value };
    }

    private Token LexQuotedAtom(SourcePosition start)
    {
        var codePoints = ReadQuoted(start, '\'', "quoted atom", ErlangAtom.MaxLength);
        var sb = new StringBuilder();
        foreach (int cp in codePoints)
        {
            if (!IsScalar(cp))
            {
                throw Error(start, $"atom contains code point {cp}, which is not a Unicode scalar value");
            }
            sb.Append(char.ConvertFromUtf32(cp));
        }
        return new Token(TokenKind.Atom, start, sb.ToString()) { CodePoints = codePoints };
    }

    private Token LexString(SourcePosition start)
    {
        var codePoints = ReadQuoted(start, '"', "string", _options.MaxLiteralLength);
        return new Token(TokenKind.String, start, "") { CodePoints = codePoints };
    }

    private List<int> ReadQuoted(SourcePosition start, char quote, string what, int maxLength)
    {
        _pos++; // opening quote
        var codePoints = new List<int>();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error(start, $"unterminated {what}");
            }
            char c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return codePoints;
            }
            codePoints.Add(c == '\\' ? ReadEscape(start, what) : ReadRawCodePoint());
            if (codePoints.Count > maxLength)
            {
                throw Error(start, $"{what} longer than {maxLength} characters");
            }
        }
    }

    /// <summary>Reads one raw character (a surrogate pair as one code point), tracking lines.</summary>
    private int ReadRawCodePoint()
    {
        char c = _text[_pos++];
        if (c == '\n')
        {
            _line++;
            _lineStart = _pos;
        }
        if (char.IsHighSurrogate(c) && _pos < _text.Length && char.IsLowSurrogate(_text[_pos]))
        {
            return char.ConvertToUtf32(c, _text[_pos++]);
        }
        return c;
    }

    /// <summary>Reads an escape sequence starting at the backslash.</summary>
    private int ReadEscape(SourcePosition start, string what)
    {
        var at = Here;
        _pos++; // '\'
        if (_pos >= _text.Length)
        {
            throw Error(start, $"unterminated {what}");
        }
        char c = _text[_pos];
        switch (c)
        {
            case >= '0' and <= '7':
            {
                int value = 0;
                for (int n = 0; n < 3 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7'; n++)
                {
                    value = value * 8 + (_text[_pos++] - '0');
                }
                return value;
            }
            case 'x':
            {
                _pos++;
                if (Peek(0) == '{')
                {
                    _pos++;
                    int value = 0;
                    int digits = 0;
                    while (_pos < _text.Length && DigitValue(_text[_pos]) < 16)
                    {
                        value = value * 16 + DigitValue(_text[_pos++]);
                        if (++digits > 6 || value > 0x10FFFF)
                        {
                            throw Error(at, "\\x{...} escape beyond the Unicode range");
                        }
                    }
                    if (digits == 0 || Peek(0) != '}')
                    {
                        throw Error(at, "malformed \\x{...} escape");
                    }
                    _pos++;
                    return value;
                }
                if (DigitValue(Peek(0)) < 16 && DigitValue(Peek(1)) < 16)
                {
                    int value = DigitValue(_text[_pos]) * 16 + DigitValue(_text[_pos + 1]);
                    _pos += 2;
                    return value;
                }
                throw Error(at, "malformed \\x escape (two hex digits or \\x{...})");
            }
            case '^':
            {
                _pos++;
                if (_pos >= _text.Length)
                {
                    throw Error(start, $"unterminated {what}");
                }
                return ReadRawCodePoint() & 31;
            }
            case 'n': _pos++; return '\n';
            case 'r': _pos++; return '\r';
            case 't': _pos++; return '\t';
            case 'v': _pos++; return '\v';
            case 'b': _pos++; return '\b';
            case 'f': _pos++; return '\f';
            case 'e': _pos++; return 27;
            case 's': _pos++; return ' ';
            case 'd': _pos++; return 127;
            default:
                // Erlang: any other escaped character stands for itself (\\ \' \" included).
                return ReadRawCodePoint();
        }
    }

    private void SkipWhitespaceAndComments()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (IsWhitespace(c))
            {
                _pos++;
            }
            else if (c == '%')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                break;
            }
        }
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private ErlangTermSyntaxException Error(SourcePosition at, string reason) => new(at, reason);

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v' || (c >= '\u0080' && c <= '\u00A0');

    private static bool IsLatin1Lower(char c) => c is >= '\u00DF' and <= '\u00FF' and not '\u00F7';

    private static bool IsLatin1Upper(char c) => c is >= '\u00C0' and <= '\u00DE' and not '\u00D7';

    private static bool IsNameChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '@' || IsLatin1Lower(c) || IsLatin1Upper(c);

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => int.MaxValue,
    };

    internal static bool IsScalar(int cp) => cp is >= 0 and <= 0x10FFFF and (< 0xD800 or > 0xDFFF);

    private static string DescribeChar(char c) =>
        c is >= ' ' and < '\u007F' ? $"'{c}'" : $"U+{(int)c:X4}";
}
