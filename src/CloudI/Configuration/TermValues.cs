using System.Collections.Immutable;
using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>Small readers of configuration values out of Erlang terms; each returns false instead of throwing.</summary>
internal static class TermValues
{
    public static bool IsAtom(ErlangTerm term, string name) => term is ErlangAtom a && a.Name == name;

    /// <summary>A proper list written as a string or as character codes (<c>[]</c> is the empty string).</summary>
    public static bool TryString(ErlangTerm term, out string value)
    {
        value = string.Empty;
        return term is ErlangList list && list.TryGetString(out value);
    }

    public static bool TryNonEmptyString(ErlangTerm term, out string value) => TryString(term, out value) && value.Length > 0;

    public static bool TryProperList(ErlangTerm term, out ImmutableArray<ErlangTerm> elements)
    {
        if (term is ErlangList { IsProper: true } list)
        {
            elements = list.Elements;
            return true;
        }

        elements = default;
        return false;
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryIntegerIn(ErlangTerm term, long min, long max, out long value)
    {
        value = 0;
        return term is ErlangInteger i && i.TryGetInt64(out value) && value >= min && value <= max;
    }

    /// <summary>An integer or a float.</summary>
    public static bool TryNumber(ErlangTerm term, out double value)
    {
        switch (term)
        {
            case ErlangInteger i:
                value = (double)i.Value;
                return true;
            case ErlangFloat f:
                value = f.Value;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    public static bool TryBoolean(ErlangTerm term, out bool value)
    {
        value = IsAtom(term, "true");
        return value || IsAtom(term, "false");
    }

    /// <summary>A two-element tuple whose first element is an atom (a proplist entry).</summary>
    public static bool TryPair(ErlangTerm term, out string key, out ErlangTerm value)
    {
        if (term is ErlangTuple { Arity: 2 } t && t[0] is ErlangAtom a)
        {
            key = a.Name;
            value = t[1];
            return true;
        }

        key = string.Empty;
        value = ErlangAtom.Undefined;
        return false;
    }
}
