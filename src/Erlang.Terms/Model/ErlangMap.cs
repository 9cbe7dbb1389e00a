using System.Collections.Immutable;
using System.Text;

namespace Erlang.Terms;

/// <summary>
/// An Erlang map. Pairs keep their insertion order (for printing and encoding); equality ignores
/// order. When a key is given twice the last value wins, as in an Erlang map literal.
/// </summary>
public sealed class ErlangMap : ErlangTerm
{
    private readonly Dictionary<ErlangTerm, int> _index;

    /// <summary>The empty map <c>#{}</c>.</summary>
    public static ErlangMap Empty { get; } = new(Array.Empty<KeyValuePair<ErlangTerm, ErlangTerm>>());

    /// <summary>Creates a map.</summary>
    public ErlangMap(IEnumerable<KeyValuePair<ErlangTerm, ErlangTerm>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var list = new List<KeyValuePair<ErlangTerm, ErlangTerm>>();
        _index = new Dictionary<ErlangTerm, int>();
        foreach (var p in pairs)
        {
            if (p.Key is null || p.Value is null)
            {
                throw new ArgumentException("map keys and values must not be null", nameof(pairs));
            }
            if (_index.TryGetValue(p.Key, out int at))
            {
                list[at] = p;
            }
            else
            {
                _index.Add(p.Key, list.Count);
                list.Add(p);
            }
        }
        Pairs = list.ToImmutableArray();
    }

    /// <summary>The pairs, in insertion order.</summary>
    public ImmutableArray<KeyValuePair<ErlangTerm, ErlangTerm>> Pairs { get; }

    /// <summary>The number of pairs.</summary>
    public int Count => Pairs.Length;

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(ErlangTerm key, out ErlangTerm value)
    {
        if (_index.TryGetValue(key, out int at))
        {
            value = Pairs[at].Value;
            return true;
        }
        value = ErlangList.Nil;
        return false;
    }

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other)
    {
        if (other is not ErlangMap m || m.Count != Count)
        {
            return false;
        }
        foreach (var p in Pairs)
        {
            if (!m.TryGetValue(p.Key, out var v) || !v.Equals(p.Value))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Order-independent: a sum of per-pair hashes.
        int h = 7;
        foreach (var p in Pairs)
        {
            h = unchecked(h + HashCode.Combine(p.Key, p.Value));
        }
        return h;
    }

    internal override void WriteTo(StringBuilder sb)
    {
        sb.Append("#{");
        for (int i = 0; i < Pairs.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            Pairs[i].Key.WriteTo(sb);
            sb.Append(" => ");
            Pairs[i].Value.WriteTo(sb);
        }
        sb.Append('}');
    }
}
