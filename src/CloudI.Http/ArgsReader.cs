using System.Numerics;
using Erlang.Terms;

namespace CloudI.Http;

/// <summary>
/// Reads a CloudI args proplist the way <c>cloudi_proplists:take_values</c> does: only known
/// <c>{atom, Value}</c> pairs, each at most once, so a typo in cloudi.conf fails the start
/// instead of being silently ignored.
/// </summary>
internal sealed class ArgsReader
{
    private readonly Dictionary<string, ErlangTerm> _values = new(StringComparer.Ordinal);

    private ArgsReader()
    {
    }

    /// <summary>Splits <paramref name="args"/> into pairs, rejecting unknown or repeated keys.</summary>
    /// <exception cref="ArgumentException">An entry is not <c>{atom, Value}</c>, unknown or repeated.</exception>
    public static ArgsReader Parse(IReadOnlyList<ErlangTerm> args, IReadOnlySet<string> known, string what)
    {
        var reader = new ArgsReader();
        foreach (ErlangTerm arg in args)
        {
            if (arg is not ErlangTuple { Arity: 2 } pair || pair[0] is not ErlangAtom key)
            {
                throw new ArgumentException($"{what}: invalid entry {arg}, expected {{Key, Value}}");
            }

            if (!known.Contains(key.Name))
            {
                throw new ArgumentException($"{what}: unknown key {key.Name}");
            }

            if (!reader._values.TryAdd(key.Name, pair[1]))
            {
                throw new ArgumentException($"{what}: key {key.Name} given twice");
            }
        }

        return reader;
    }

    /// <summary>The raw value of <paramref name="key"/>, or null when absent.</summary>
    public ErlangTerm? Raw(string key) => _values.GetValueOrDefault(key);

    /// <summary>A boolean atom.</summary>
    public bool Bool(string key, bool fallback) => Raw(key) switch
    {
        null => fallback,
        ErlangAtom { Name: "true" } => true,
        ErlangAtom { Name: "false" } => false,
        ErlangTerm other => throw Invalid(key, other, "true or false"),
    };

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long Int(string key, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        ErlangTerm? value = Raw(key);
        if (value is null)
        {
            return fallback;
        }

        if (value is ErlangInteger i && i.Value >= new BigInteger(min) && i.Value <= new BigInteger(max))
        {
            return (long)i.Value;
        }

        throw Invalid(key, value, $"an integer in {min}..{max}");
    }

    /// <summary>An atom out of <paramref name="allowed"/>.</summary>
    public string Atom(string key, string fallback, params string[] allowed)
    {
        ErlangTerm? value = Raw(key);
        if (value is null)
        {
            return fallback;
        }

        if (value is ErlangAtom atom && allowed.Contains(atom.Name, StringComparer.Ordinal))
        {
            return atom.Name;
        }

        throw Invalid(key, value, string.Join(" | ", allowed));
    }

    /// <summary>A non-empty string (Erlang string or binary), or null for <c>undefined</c>/absent.</summary>
    public string? OptionalText(string key)
    {
        ErlangTerm? value = Raw(key);
        if (value is null || value is ErlangAtom { Name: "undefined" })
        {
            return null;
        }

        return Text(value) is { Length: > 0 } text ? text : throw Invalid(key, value, "a non-empty string or undefined");
    }

    /// <summary>The text of a string, binary (UTF-8) or nothing.</summary>
    public static string? Text(ErlangTerm value) => value switch
    {
        ErlangList list when list.TryGetString(out string text) => text,
        ErlangBinary binary => System.Text.Encoding.UTF8.GetString(binary.Bytes.AsSpan()),
        _ => null,
    };

    /// <summary>A start error for a badly typed value.</summary>
    public static ArgumentException Invalid(string key, ErlangTerm value, string expected) =>
        new($"invalid {key} {value}: expected {expected}");
}
