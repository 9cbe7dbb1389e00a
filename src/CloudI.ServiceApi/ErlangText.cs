using System.Globalization;
using System.Text;
using Erlang.Terms;

namespace CloudI.ServiceApi;

/// <summary>
/// Erlang term text as the Service API reads and prints it (specification §b.2, §c.3): bodies
/// are one term without the terminating dot; results print atoms bare or quoted, lists of
/// printable Latin-1 codes as strings, binaries as <c>&lt;&lt;"…"&gt;&gt;</c> or byte lists.
/// </summary>
public static class ErlangText
{
    /// <summary>The largest request body accepted, in bytes (1 MiB; CloudI 1.5.3 reads 1000000).</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The deepest nesting accepted in a request body.</summary>
    public const int MaxDepth = 100;

    // The reserved words of the specification (§c.3): printed quoted.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "xor", "andalso", "orelse", "band", "bor", "bxor", "bnot", "bsl", "bsr", "div", "rem",
        "begin", "end", "case", "of", "if", "when", "receive", "after", "try", "catch", "fun", "query", "let", "cond",
        "maybe", "else",
    };

    private static readonly ErlangTermReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        MaxLiteralLength = MaxBodyBytes,
        MaxNumberDigits = 1000,
    };

    /// <summary>
    /// Reads a request body: one term, no terminating dot (CloudI appends the dot, so a body that
    /// already ends in one does not parse). The body is UTF-8.
    /// </summary>
    /// <exception cref="FormatException">The body is too large, not one term, or too deep.</exception>
    public static ErlangTerm ParseBody(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new FormatException($"the body exceeds {MaxBodyBytes} bytes");
        }

        return ParseBody(Encoding.UTF8.GetString(body));
    }

    /// <summary>Reads one term given as text without a terminating dot.</summary>
    /// <exception cref="FormatException">The text is too large, not one term, or too deep.</exception>
    public static ErlangTerm ParseBody(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxBodyBytes)
        {
            throw new FormatException($"the body exceeds {MaxBodyBytes} characters");
        }

        try
        {
            // CloudI appends "." and requires it: " ." so a body such as "1" does not read as the
            // start of a float; a body that ends in a dot or in a comment still fails.
            IReadOnlyList<PositionedTerm> terms = ErlangTermReader.ReadAll(text + " .", "<request>", ReaderOptions);
            return terms.Count == 1 ? terms[0].Term : throw new FormatException("the body is not exactly one term");
        }
        catch (ErlangTermSyntaxException e)
        {
            throw new FormatException(e.Message, e);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>
    /// The text of an API function result: <c>{ok, Value}</c> prints as <c>Value</c>, any other
    /// result (<c>ok</c>, <c>{error, Reason}</c>) as itself.
    /// </summary>
    public static string PrintResult(ErlangTerm result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result is ErlangTuple { Arity: 2 } t && t[0] is ErlangAtom { Name: "ok" } ? Print(t[1]) : Print(result);
    }

    /// <summary>Prints a term (compact: <c>,</c> without spaces).</summary>
    public static string Print(ErlangTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var sb = new StringBuilder();
        Write(sb, term, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, ErlangTerm term, int depth)
    {
        if (depth > 10_000)
        {
            throw new InvalidOperationException("the term is too deep to print");
        }

        switch (term)
        {
            case ErlangAtom atom:
                WriteAtom(sb, atom.Name);
                break;
            case ErlangInteger integer:
                sb.Append(integer.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case ErlangFloat f:
                Erlang.Terms.Internal.TermFormatter.WriteFloat(sb, f.Value);
                break;
            case ErlangBinary binary:
                WriteBinary(sb, binary.Bytes.AsSpan());
                break;
            case ErlangTuple tuple:
                sb.Append('{');
                WriteElements(sb, tuple.Elements, depth);
                sb.Append('}');
                break;
            case ErlangList list:
                WriteList(sb, list, depth);
                break;
            case ErlangMap map:
                sb.Append("#{");
                for (int i = 0; i < map.Pairs.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(sb, map.Pairs[i].Key, depth + 1);
                    sb.Append(" => ");
                    Write(sb, map.Pairs[i].Value, depth + 1);
                }

                sb.Append('}');
                break;
            default:
                sb.Append(term.ToString());
                break;
        }
    }

    private static void WriteElements(StringBuilder sb, IReadOnlyList<ErlangTerm> elements, int depth)
    {
        for (int i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            Write(sb, elements[i], depth + 1);
        }
    }

    private static void WriteList(StringBuilder sb, ErlangList list, int depth)
    {
        if (list.IsEmpty)
        {
            sb.Append("[]");
            return;
        }

        if (list.IsProper && IsPrintableLatin1(list))
        {
            sb.Append('"');
            foreach (ErlangTerm element in list.Elements)
            {
                AppendChar(sb, (int)((ErlangInteger)element).Value, '"');
            }

            sb.Append('"');
            return;
        }

        sb.Append('[');
        WriteElements(sb, list.Elements, depth);
        if (list.Tail is not null)
        {
            sb.Append('|');
            Write(sb, list.Tail, depth + 1);
        }

        sb.Append(']');
    }

    private static bool IsPrintableLatin1(ErlangList list)
    {
        foreach (ErlangTerm element in list.Elements)
        {
            if (element is not ErlangInteger i || !i.TryGetInt32(out int c) || !IsPrintable(c))
            {
                return false;
            }
        }

        return true;
    }

    // io_lib:printable_latin1_list/1: 32..126, 160..255 and \b \t \n \v \f \r \e.
    private static bool IsPrintable(int c) => c is >= 32 and <= 126 or >= 160 and <= 255 or >= 8 and <= 13 or 27;

    private static void AppendChar(StringBuilder sb, int c, char quote)
    {
        switch (c)
        {
            case '\\': sb.Append("\\\\"); break;
            case '\n': sb.Append("\\n"); break;
            case '\t': sb.Append("\\t"); break;
            case '\r': sb.Append("\\r"); break;
            case '\b': sb.Append("\\b"); break;
            case '\f': sb.Append("\\f"); break;
            case '\v': sb.Append("\\v"); break;
            case 27: sb.Append("\\e"); break;
            default:
                if (c == quote)
                {
                    sb.Append('\\');
                }

                sb.Append((char)c);
                break;
        }
    }

    private static void WriteAtom(StringBuilder sb, string name)
    {
        if (IsBareAtom(name))
        {
            sb.Append(name);
            return;
        }

        sb.Append('\'');
        foreach (Rune rune in name.EnumerateRunes())
        {
            if (rune.Value < 256)
            {
                AppendChar(sb, rune.Value, '\'');
            }
            else
            {
                sb.Append(rune.ToString());
            }
        }

        sb.Append('\'');
    }

    private static bool IsBareAtom(string name)
    {
        if (name.Length == 0 || name[0] is < 'a' or > 'z' || Reserved.Contains(name))
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

    private static void WriteBinary(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append("<<");
        bool printable = !bytes.IsEmpty;
        foreach (byte b in bytes)
        {
            if (!IsPrintable(b))
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
                AppendChar(sb, b, '"');
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
}
