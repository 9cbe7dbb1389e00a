using System.Collections.Immutable;
using System.Text;

namespace Erlang.Terms;

/// <summary>An Erlang tuple.</summary>
public sealed class ErlangTuple : ErlangTerm
{
    /// <summary>The empty tuple <c>{}</c>.</summary>
    public static ErlangTuple Empty { get; } = new(ImmutableArray<ErlangTerm>.Empty);

    /// <summary>Creates a tuple.</summary>
    public ErlangTuple(params ErlangTerm[] elements)
        : this(ImmutableArray.Create(elements))
    {
    }

    /// <summary>Creates a tuple.</summary>
    public ErlangTuple(ImmutableArray<ErlangTerm> elements)
    {
        Elements = TermChecks.NoNulls(elements, nameof(elements));
    }

    /// <summary>The elements.</summary>
    public ImmutableArray<ErlangTerm> Elements { get; }

    /// <summary>The number of elements.</summary>
    public int Arity => Elements.Length;

    /// <summary>The element at <paramref name="index"/> (zero-based).</summary>
    public ErlangTerm this[int index] => Elements[index];

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) =>
        other is ErlangTuple t && TermChecks.SequenceEqual(t.Elements, Elements);

    /// <inheritdoc />
    public override int GetHashCode() => TermChecks.SequenceHash(5, Elements, null);

    internal override void WriteTo(StringBuilder sb)
    {
        sb.Append('{');
        for (int i = 0; i < Elements.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Elements[i].WriteTo(sb);
        }
        sb.Append('}');
    }
}
