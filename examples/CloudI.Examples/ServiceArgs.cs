using Erlang.Terms;

namespace CloudI.Examples;

/// <summary>
/// Reads a service's <c>Args</c> the way CloudI's <c>cloudi_proplists:take_values</c> does:
/// <c>{Key, Value}</c> pairs with defaults, any other entry is a start failure (so a typo in
/// the configuration file is reported instead of silently ignored).
/// </summary>
public sealed class ServiceArgs
{
    private readonly Dictionary<string, ErlangTerm> _values = new(StringComparer.Ordinal);

    private ServiceArgs()
    {
    }

    /// <summary>Parses <paramref name="args"/>, allowing only the keys in <paramref name="known"/>.</summary>
    /// <exception cref="ArgumentException">An entry is not a <c>{atom, Value}</c> pair, is unknown or repeated.</exception>
    public static ServiceArgs Parse(IReadOnlyList<ErlangTerm> args, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(known);
        var parsed = new ServiceArgs();
        foreach (ErlangTerm arg in args)
        {
            if (arg is not ErlangTuple { Arity: 2 } pair || pair[0] is not ErlangAtom key)
            {
                throw new ArgumentException($"invalid service argument {arg}: expected {{Key, Value}}");
            }

            if (!known.Contains(key.Name, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"unknown service argument {key.Name} (known: {string.Join(", ", known)})");
            }

            if (!parsed._values.TryAdd(key.Name, pair[1]))
            {
                throw new ArgumentException($"service argument {key.Name} given twice");
            }
        }

        return parsed;
    }

    /// <summary>A text argument: an Erlang string, binary or atom; <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ArgumentException">The value is not text.</exception>
    public string String(string key, string fallback)
    {
        if (!_values.TryGetValue(key, out ErlangTerm? value))
        {
            return fallback;
        }

        return value switch
        {
            ErlangList list when list.TryGetString(out string text) => text,
            ErlangBinary binary => System.Text.Encoding.UTF8.GetString(binary.Bytes.AsSpan()),
            ErlangAtom atom => atom.Name,
            _ => throw new ArgumentException($"service argument {key} must be a string, got {value}"),
        };
    }
}
