using System.Globalization;
using System.Text;

namespace Erlang.Terms.Internal;

/// <summary>Erlang term text for atoms, strings, floats and binaries, readable by the reader.</summary>
internal static class TermFormatter
{
    /// <summary>
    /// Words that are not atoms unless quoted, as the reader takes them: CloudI's list
    /// (cloudi-http-and-service-api.md, c.3), the Erlang of CloudI 1.5.3.
    /// </summary>
    public static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
        "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "query",
        "receive", "rem", "try", "when", "xor",
    };

    // Written quoted: the reserved words, and those a newer Erlang reserves (maybe, else since
    // OTP 25), so that what is written reads back in either.
    private static readonly HashSet<string> QuotedWords = new([.. ReservedWords, "maybe", "else"], StringComparer.Ordinal);

    public static void WriteAtom(StringBuilder sb, string name)
    {
        if (IsPlainAtom(name))
        {
            sb.Append(name);
        }
        else
        {
            WriteQuotedAtom(sb, name);
        }
    }

    public static void WriteQuotedAtom(StringBuilder sb, string name)
    {
        sb.Append('\'');
        WriteEscaped(sb, name, '\'');
        sb.Append('\'');
    }

    public static void WriteString(StringBuilder sb, string text)
    {
        sb.Append('"');
        WriteEscaped(sb, text, '"');
        sb.Append('"');
    }

    public static void WriteFloat(StringBuilder sb, double value)
    {
        // "R" round-trips; Erlang needs digits on both sides of the point and no "E+".
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        string mantissa = e < 0 ? s : s[..e];
        if (!mantissa.Contains('.'))
        {
            mantissa += ".0";
        }
        sb.Append(mantissa);
        if (e >= 0)
        {
            string exponent = s[(e + 1)..];
            bool negative = exponent.StartsWith('-');
            string digits = exponent.TrimStart('+', '-').TrimStart('0');
            sb.Append(negative ? "e-" : "e").Append(digits.Length == 0 ? "0" : digits);
        }
    }

    public static void WriteBinary(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append("<<");
        bool printable = !bytes.IsEmpty;
        foreach (byte b in bytes)
        {
            if (b < 0x20 || b > 0x7E)
            {
                printable = false;
                break;
            }
        }
        if (printable)
        {
            sb.Append('"');
            foreach (byte b in bytes)
            {
                if (b is (byte)'"' or (byte)'\\')
                {
                    sb.Append('\\');
                }
                sb.Append((char)b);
            }
            sb.Append('"');
        }
        else
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }
                sb.Append(bytes[i].ToString(CultureInfo.InvariantCulture));
            }
        }
        sb.Append(">>");
    }

    private static bool IsPlainAtom(string name)
    {
        if (name.Length == 0 || name[0] is < 'a' or > 'z' || QuotedWords.Contains(name))
        {
            return false;
        }
        foreach (char c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '@'))
            {
                return false;
            }
        }
        return true;
    }

    private static void WriteEscaped(StringBuilder sb, string text, char quote)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7F)
                    {
                        sb.Append("\\x{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
    }
}
