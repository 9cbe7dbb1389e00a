using System.Globalization;

namespace Toml.Internal;

/// <summary>Integers, floats, and the split between numbers and date-times.</summary>
internal sealed partial class TomlParser
{
    /// <summary>
    /// Numbers and date-times start with a sign or digit (or are inf/nan). The token runs to the next
    /// delimiter, then is validated against the exact grammar; a date followed by a space and a time is
    /// one date-time (TOML lets a space replace the 'T').
    /// </summary>
    private TomlValue ParseNumberOrDateTime(int line, int column)
    {
        var start = _pos;
        while (!AtEnd && IsTokenChar(_text[_pos]))
        {
            _pos++;
        }

        if (_pos - start == 10 && IsFullDateShape(start) && IsSpaceThenTime(_pos))
        {
            _pos++;
            while (!AtEnd && IsTokenChar(_text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos == start)
        {
            throw Error(start, $"expected a value, found {Describe(start)}");
        }

        var token = _text.AsSpan(start, _pos - start);
        if (token.Length >= 5 && token[4] == '-' && IsAsciiDigits(token[..4]))
        {
            return ParseDateTime(token, start, line, column);
        }

        if (token.Length >= 3 && token[2] == ':' && IsAsciiDigits(token[..2]))
        {
            var time = ParseTime(token, start, out var used);
            if (used != token.Length)
            {
                throw Error(start + used, $"invalid local time \"{token}\"");
            }

            return new TomlValue(TomlValueKind.LocalTime, time, line, column);
        }

        if (TryParseSpecialFloat(token, out var special))
        {
            return new TomlValue(TomlValueKind.Float, special, line, column);
        }

        var unsigned = token[0] is '+' or '-' ? token[1..] : token;
        if (unsigned.Length > 0 && char.IsAsciiLetter(unsigned[0]))
        {
            // Most often a string someone forgot to quote; say so rather than "invalid integer".
            throw Error(start, $"invalid value \"{token}\": not a number, boolean or date (strings must be quoted)");
        }

        if (unsigned.Length >= 2 && unsigned[0] == '0' && unsigned[1] is 'x' or 'o' or 'b')
        {
            if (unsigned.Length != token.Length)
            {
                throw Error(start, $"a sign is not allowed on a hexadecimal, octal or binary integer: \"{token}\"");
            }

            return new TomlValue(TomlValueKind.Integer, ParsePrefixedInteger(token, start), line, column);
        }

        if (token.IndexOfAny('.', 'e', 'E') >= 0)
        {
            return new TomlValue(TomlValueKind.Float, ParseFloat(token, start), line, column);
        }

        return new TomlValue(TomlValueKind.Integer, ParseDecimalInteger(token, start), line, column);
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.' or ':';

    private bool IsFullDateShape(int start) =>
        IsAsciiDigits(_text.AsSpan(start, 4)) && _text[start + 4] == '-' &&
        IsAsciiDigits(_text.AsSpan(start + 5, 2)) && _text[start + 7] == '-' &&
        IsAsciiDigits(_text.AsSpan(start + 8, 2));

    private bool IsSpaceThenTime(int offset) =>
        offset + 3 < _text.Length && _text[offset] == ' ' &&
        char.IsAsciiDigit(_text[offset + 1]) && char.IsAsciiDigit(_text[offset + 2]) && _text[offset + 3] == ':';

    private static bool IsAsciiDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !span.IsEmpty;
    }

    private static bool TryParseSpecialFloat(ReadOnlySpan<char> token, out double value)
    {
        var negative = token.Length > 0 && token[0] == '-';
        var body = token.Length > 0 && token[0] is '+' or '-' ? token[1..] : token;
        if (body.SequenceEqual("inf"))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.SequenceEqual("nan"))
        {
            value = negative ? -double.NaN : double.NaN;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>[+-] then "0" or a non-zero digit and more digits, underscores only between digits.</summary>
    private long ParseDecimalInteger(ReadOnlySpan<char> token, int start)
    {
        var negative = token[0] == '-';
        var digits = token[0] is '+' or '-' ? token[1..] : token;
        var offset = start + (token.Length - digits.Length);
        CheckDigitGroups(digits, offset, char.IsAsciiDigit, "integer", token);
        if (digits.Length > 1 && digits[0] == '0')
        {
            throw Error(offset, $"leading zeros are not allowed: \"{token}\"");
        }

        // Accumulate as a magnitude so that -9223372036854775808 fits.
        ulong magnitude = 0;
        foreach (var c in digits)
        {
            if (c == '_')
            {
                continue;
            }

            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                throw Error(start, $"integer out of the 64-bit range: \"{token}\"");
            }

            magnitude = (magnitude * 10) + (ulong)(c - '0');
        }

        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            throw Error(start, $"integer out of the 64-bit range: \"{token}\"");
        }

        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    /// <summary>0x, 0o or 0b (lower case) then digits of that base, underscores only between digits.</summary>
    private long ParsePrefixedInteger(ReadOnlySpan<char> token, int start)
    {
        var (radix, isDigit, name) = token[1] switch
        {
            'x' => (16, (Func<char, bool>)char.IsAsciiHexDigit, "hexadecimal"),
            'o' => (8, c => c is >= '0' and <= '7', "octal"),
            _ => (2, c => c is '0' or '1', "binary"),
        };
        var digits = token[2..];
        CheckDigitGroups(digits, start + 2, isDigit, $"{name} integer", token);

        ulong value = 0;
        foreach (var c in digits)
        {
            if (c == '_')
            {
                continue;
            }

            var digit = (ulong)(char.IsAsciiDigit(c) ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10);
            if (value > ((ulong)long.MaxValue - digit) / (ulong)radix)
            {
                throw Error(start, $"integer out of the 64-bit range: \"{token}\"");
            }

            value = (value * (ulong)radix) + digit;
        }

        return (long)value;
    }

    /// <summary>
    /// TOML 1.0 float: an integer part as for decimal integers, then a fraction, an exponent or both;
    /// the fraction and exponent digits may have leading zeros.
    /// </summary>
    private double ParseFloat(ReadOnlySpan<char> token, int start)
    {
        var body = token[0] is '+' or '-' ? token[1..] : token;
        var bodyOffset = start + (token.Length - body.Length);
        var exponentAt = body.IndexOfAny('e', 'E');
        var mantissa = exponentAt >= 0 ? body[..exponentAt] : body;
        var dotAt = mantissa.IndexOf('.');
        var integerPart = dotAt >= 0 ? mantissa[..dotAt] : mantissa;

        CheckDigitGroups(integerPart, bodyOffset, char.IsAsciiDigit, "float", token);
        if (integerPart.Length > 1 && integerPart[0] == '0')
        {
            throw Error(bodyOffset, $"leading zeros are not allowed: \"{token}\"");
        }

        if (dotAt >= 0)
        {
            CheckDigitGroups(mantissa[(dotAt + 1)..], bodyOffset + dotAt + 1, char.IsAsciiDigit, "float", token);
        }

        if (exponentAt >= 0)
        {
            var exponent = body[(exponentAt + 1)..];
            var exponentOffset = bodyOffset + exponentAt + 1;
            if (exponent.Length > 0 && exponent[0] is '+' or '-')
            {
                exponent = exponent[1..];
                exponentOffset++;
            }

            CheckDigitGroups(exponent, exponentOffset, char.IsAsciiDigit, "float", token);
        }

        Span<char> buffer = token.Length <= 256 ? stackalloc char[token.Length] : new char[token.Length];
        var length = 0;
        foreach (var c in token)
        {
            if (c != '_')
            {
                buffer[length++] = c;
            }
        }

        var value = double.Parse(buffer[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            throw Error(start, $"float out of the 64-bit range: \"{token}\"");
        }

        return value;
    }

    /// <summary>Non-empty digits of one kind with single underscores only between digits.</summary>
    private void CheckDigitGroups(
        ReadOnlySpan<char> digits, int offset, Func<char, bool> isDigit, string what, ReadOnlySpan<char> token)
    {
        if (digits.IsEmpty)
        {
            throw Error(offset, $"invalid {what} \"{token}\": digits expected");
        }

        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (c == '_')
            {
                if (i == 0 || i == digits.Length - 1 || !isDigit(digits[i - 1]) || !isDigit(digits[i + 1]))
                {
                    throw Error(offset + i, $"invalid {what} \"{token}\": '_' must be between digits");
                }
            }
            else if (!isDigit(c))
            {
                throw Error(offset + i, $"invalid {what} \"{token}\": unexpected {Describe(offset + i)}");
            }
        }
    }
}
