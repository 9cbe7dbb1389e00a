using System.Collections.Immutable;

namespace Erlang.Terms.Internal;

/// <summary>Argument checks and sequence equality shared by the compound terms.</summary>
internal static class TermChecks
{
    public static ImmutableArray<ErlangTerm> NoNulls(ImmutableArray<ErlangTerm> elements, string paramName)
    {
        if (elements.IsDefault)
        {
            return ImmutableArray<ErlangTerm>.Empty;
        }
        foreach (var e in elements)
        {
            if (e is null)
            {
                throw new ArgumentException("elements must not be null", paramName);
            }
        }
        return elements;
    }

    public static bool SequenceEqual(ImmutableArray<ErlangTerm> a, ImmutableArray<ErlangTerm> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (int i = 0; i < a.Length; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }
        return true;
    }

    public static int SequenceHash(int seed, ImmutableArray<ErlangTerm> elements, ErlangTerm? tail)
    {
        var h = new HashCode();
        h.Add(seed);
        foreach (var e in elements)
        {
            h.Add(e.GetHashCode());
        }
        if (tail is not null)
        {
            h.Add(tail.GetHashCode());
        }
        return h.ToHashCode();
    }
}
