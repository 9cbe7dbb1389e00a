using Erlang.Terms;

namespace CloudI.ServiceApi;

/// <summary>Builders of the result terms of API functions.</summary>
internal static class ApiTerms
{
    public static ErlangAtom Ok { get; } = new("ok");

    public static ErlangAtom Atom(string name) => new(name);

    public static ErlangList Str(string text) => ErlangList.FromString(text);

    public static ErlangList List(IEnumerable<ErlangTerm> items) => new([.. items]);

    public static ErlangTuple OkValue(ErlangTerm value) => new(Ok, value);

    public static ErlangTuple Error(string reason) => new(new ErlangAtom("error"), new ErlangAtom(reason));

    public static ErlangTuple Error(ErlangTerm reason) => new(new ErlangAtom("error"), reason);

    /// <summary><c>{error, {Reason, Term}}</c>.</summary>
    public static ErlangTuple Error(string reason, ErlangTerm term) =>
        new(new ErlangAtom("error"), new ErlangTuple(new ErlangAtom(reason), term));

    public static ErlangTuple Timeout { get; } = Error("timeout");

    public static ErlangTuple Pair(string key, ErlangTerm value) => new(new ErlangAtom(key), value);

    /// <summary>An atom, or (names an atom cannot hold) a string.</summary>
    public static ErlangTerm AtomOrString(string name)
    {
        try
        {
            return new ErlangAtom(name);
        }
        catch (ArgumentException)
        {
            return Str(name);
        }
    }
}
