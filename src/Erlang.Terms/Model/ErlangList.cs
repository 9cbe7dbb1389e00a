using System.Collections.Immutable;
using System.Text;

namespace Erlang.Terms;

/// <summary>
/// An Erlang list: proper (ending in <c>[]</c>) or improper (ending in a non-list
/// <see cref="Tail"/>). A list created from a string literal (<c>"..."</c>) remembers it:
/// <see cref="IsStringLiteral"/> is true and it prints as a string; it still equals the list of
/// its character codes, as in Erlang.
/// </summary>
public sealed class ErlangList : ErlangTerm
{
    private readonly string? _literal;

    /// <summary>The empty list <c>[]</c>.</summary>
    public static ErlangList Nil { get; } = new(ImmutableArray<ErlangTerm>.Empty);

    /// <summary>Creates a proper list.</summary>
    public ErlangList(params ErlangTerm[] elements)
        : this(ImmutableArray.Create(elements))
    {
    }

    /// <summary>Creates a list; a <paramref name="tail"/> that is itself a list is appended.</summary>
    /// <exception cref="ArgumentException">An element is null, or there are no elements but an improper tail.</exception>
    public ErlangList(ImmutableArray<ErlangTerm> elements, ErlangTerm? tail = null)
    {
        elements = TermChecks.NoNulls(elements, nameof(elements));
        if (tail is ErlangList l)
        {
            // Normalise [a | [b | c]] to [a, b | c] so equality and encoding see one shape.
            elements = l.Elements.IsEmpty ? elements : elements.AddRange(l.Elements);
            tail = l.Tail;
        }
        if (tail is not null && elements.IsEmpty)
        {
            throw new ArgumentException("a list with an improper tail needs at least one element", nameof(tail));
        }
        Elements = elements;
        Tail = tail;
    }

    private ErlangList(ImmutableArray<ErlangTerm> elements, string literal)
    {
        Elements = elements;
        _literal = literal;
    }

    /// <summary>
    /// Creates the list of the Unicode code points of <paramref name="text"/>, remembered as a
    /// string literal.
    /// </summary>
    /// <exception cref="ArgumentException">The text contains a lone surrogate.</exception>
    public static ErlangList FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = ImmutableArray.CreateBuilder<ErlangTerm>(text.Length);
        foreach (var rune in EnumerateRunes(text))
        {
            builder.Add(ErlangInteger.From(rune));
        }
        return new ErlangList(builder.ToImmutable(), text);
    }

    /// <summary>The elements (before the tail).</summary>
    public ImmutableArray<ErlangTerm> Elements { get; }

    /// <summary>The improper tail, or null for a proper list.</summary>
    public ErlangTerm? Tail { get; }

    /// <summary>True for a proper list (including <c>[]</c>).</summary>
    public bool IsProper => Tail is null;

    /// <summary>True for <c>[]</c>.</summary>
    public bool IsEmpty => Elements.IsEmpty;

    /// <summary>True when the list was written (or created) as a string literal.</summary>
    public bool IsStringLiteral => _literal is not null;

    /// <summary>The number of elements (before the tail).</summary>
    public int Count => Elements.Length;

    /// <summary>The element at <paramref name="index"/> (zero-based).</summary>
    public ErlangTerm this[int index] => Elements[index];

    /// <summary>
    /// Gets the list as text: true for a string literal and for any proper list whose elements
    /// are all Unicode scalar values (in Erlang, <c>[104,105]</c> is <c>"hi"</c>); false otherwise.
    /// </summary>
    public bool TryGetString(out string value)
    {
        if (_literal is not null)
        {
            value = _literal;
            return true;
        }
        value = string.Empty;
        if (Tail is not null)
        {
            return false;
        }
        var sb = new StringBuilder(Elements.Length);
        foreach (var e in Elements)
        {
            if (e is not ErlangInteger i || !i.TryGetInt64(out long cp) || cp > 0x10FFFF || cp < 0 || !System.Text.Rune.IsValid((int)cp))
            {
                return false;
            }
            sb.Append(new System.Text.Rune((int)cp).ToString());
        }
        value = sb.ToString();
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other)
    {
        if (other is not ErlangList l)
        {
            return false;
        }
        if (_literal is not null && l._literal is not null)
        {
            return string.Equals(_literal, l._literal, StringComparison.Ordinal);
        }
        return TermChecks.SequenceEqual(l.Elements, Elements) &&
            (Tail is null ? l.Tail is null : Tail.Equals(l.Tail));
    }

    /// <inheritdoc />
    public override int GetHashCode() => TermChecks.SequenceHash(6, Elements, Tail);

    internal override void WriteTo(StringBuilder sb)
    {
        if (_literal is not null)
        {
            TermFormatter.WriteString(sb, _literal);
            return;
        }
        sb.Append('[');
        for (int i = 0; i < Elements.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Elements[i].WriteTo(sb);
        }
        if (Tail is not null)
        {
            sb.Append('|');
            Tail.WriteTo(sb);
        }
        sb.Append(']');
    }

    private static IEnumerable<int> EnumerateRunes(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return char.ConvertToUtf32(c, text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException("text is not valid Unicode (lone surrogate)", nameof(text));
            }
            else
            {
                yield return c;
            }
        }
    }
}
