using System.Globalization;
using System.Text;

namespace Toml.Internal;

/// <summary>The four string syntaxes and escape sequences.</summary>
internal sealed partial class TomlParser
{
    /// <summary>"..." with escapes, on one line.</summary>
    private string ParseBasicString()
    {
        var open = _pos;
        _pos++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(open, "unterminated string: missing '\"'");
            }

            var c = _text[_pos];
            switch (c)
            {
                case '"':
                    _pos++;
                    return builder.ToString();
                case '\\':
                    ParseEscape(builder);
                    break;
                case '\n' or '\r':
                    throw Error(_pos, "unterminated string: a basic string cannot span lines (use \"\"\")");
                default:
                    builder.Append(c);
                    _pos++;
                    break;
            }
        }
    }

    /// <summary>'...' verbatim, on one line.</summary>
    private string ParseLiteralString()
    {
        var open = _pos;
        _pos++;
        var start = _pos;
        while (true)
        {
            if (AtEnd)
            {
                throw Error(open, "unterminated string: missing \"'\"");
            }

            var c = _text[_pos];
            if (c == '\'')
            {
                _pos++;
                return _text[start..(_pos - 1)];
            }

            if (c == '\n' || c == '\r')
            {
                throw Error(_pos, "unterminated string: a literal string cannot span lines (use ''')");
            }

            _pos++;
        }
    }

    /// <summary>"""...""" with escapes and line-ending backslashes.</summary>
    private string ParseMultilineBasicString() => ParseMultilineString('"');

    /// <summary>'''...''' verbatim.</summary>
    private string ParseMultilineLiteralString() => ParseMultilineString('\'');

    /// <summary>Both multi-line forms: quote '"' takes escapes, '\'' is verbatim.</summary>
    private string ParseMultilineString(char quote)
    {
        var open = _pos;
        _pos += 3;
        TrySkipNewline();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(open, quote == '"' ? "unterminated string: missing '\"\"\"'" : "unterminated string: missing \"'''\"");
            }

            var c = _text[_pos];
            if (c == quote)
            {
                if (TryCloseMultiline(quote, builder))
                {
                    return builder.ToString();
                }
            }
            else if (c == '\\' && quote == '"')
            {
                if (!TrySkipLineEndingBackslash())
                {
                    ParseEscape(builder);
                }
            }
            else if (TrySkipNewline())
            {
                // Newlines are normalised to LF so values do not depend on how the file was saved.
                builder.Append('\n');
            }
            else
            {
                builder.Append(c);
                _pos++;
            }
        }
    }

    /// <summary>
    /// At a run of quotes inside a multi-line string: fewer than three are content; three to five close
    /// the string with up to two quotes as content before the delimiter. A sixth is left for the caller
    /// to reject as text after the value.
    /// </summary>
    private bool TryCloseMultiline(char quote, StringBuilder builder)
    {
        var run = 0;
        while (_pos + run < _text.Length && _text[_pos + run] == quote)
        {
            run++;
        }

        if (run < 3)
        {
            builder.Append(quote, run);
            _pos += run;
            return false;
        }

        var content = Math.Min(run - 3, 2);
        builder.Append(quote, content);
        _pos += content + 3;
        return true;
    }

    /// <summary>A backslash followed by optional whitespace and a newline trims all whitespace and newlines after it.</summary>
    private bool TrySkipLineEndingBackslash()
    {
        var i = _pos + 1;
        while (i < _text.Length && (_text[i] == ' ' || _text[i] == '\t'))
        {
            i++;
        }

        if (i >= _text.Length || !IsNewlineStart(i))
        {
            return false;
        }

        _pos = i;
        while (!AtEnd)
        {
            if (Current is ' ' or '\t')
            {
                _pos++;
            }
            else if (!TrySkipNewline())
            {
                break;
            }
        }

        return true;
    }

    private void ParseEscape(StringBuilder builder)
    {
        var start = _pos;
        _pos++;
        if (AtEnd)
        {
            throw Error(start, "unterminated escape sequence");
        }

        var c = _text[_pos];
        _pos++;
        switch (c)
        {
            case 'b': builder.Append('\b'); break;
            case 't': builder.Append('\t'); break;
            case 'n': builder.Append('\n'); break;
            case 'f': builder.Append('\f'); break;
            case 'r': builder.Append('\r'); break;
            case '"': builder.Append('"'); break;
            case '\\': builder.Append('\\'); break;
            case 'u': AppendUnicodeEscape(builder, start, 4); break;
            case 'U': AppendUnicodeEscape(builder, start, 8); break;
            default:
                _pos = start;
                throw Error(start, $"invalid escape sequence '\\' followed by {Describe(start + 1)}");
        }
    }

    private void AppendUnicodeEscape(StringBuilder builder, int start, int digits)
    {
        if (_pos + digits > _text.Length)
        {
            throw Error(start, $"escape sequence needs {digits} hexadecimal digits");
        }

        var hex = _text.AsSpan(_pos, digits);
        foreach (var h in hex)
        {
            if (!char.IsAsciiHexDigit(h))
            {
                throw Error(start, $"escape sequence needs {digits} hexadecimal digits");
            }
        }

        var value = long.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        {
            throw Error(start, $"escape sequence U+{value:X} is not a Unicode scalar value");
        }

        builder.Append(char.ConvertFromUtf32((int)value));
        _pos += digits;
    }
}
