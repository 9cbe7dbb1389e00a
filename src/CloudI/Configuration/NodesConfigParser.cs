using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// Validates the <c>{nodes, ...}</c> section: <c>automatic</c>, a list of node atoms, or a
/// proplist (its <c>nodes</c> key a list of node atoms, the other known keys kept raw).
/// </summary>
internal static class NodesConfigParser
{
    private static readonly HashSet<string> OptionKeys = new(StringComparer.Ordinal)
    {
        "nodes", "reconnect_start", "reconnect_delay", "listen", "connect", "timestamp_type", "discovery",
        "cost", "cost_default", "log_reconnect",
    };

    public static NodesConfig Parse(ErlangTerm value, ParseContext context)
    {
        if (TermValues.IsAtom(value, "automatic"))
        {
            return NodesConfig.Default with { Automatic = true };
        }

        if (!TermValues.TryProperList(value, out var items) || value is ErlangList { IsStringLiteral: true, IsEmpty: false })
        {
            throw context.Error("node_invalid", value, "expected automatic, a list of node names or a proplist");
        }

        if (items.IsEmpty)
        {
            return NodesConfig.Default;
        }

        if (items[0] is ErlangAtom)
        {
            return new NodesConfig(NodeNames(value, context), new Dictionary<string, ErlangTerm>(StringComparer.Ordinal));
        }

        IReadOnlyList<string> nodes = [];
        var options = new Dictionary<string, ErlangTerm>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!TermValues.TryPair(item, out string key, out ErlangTerm setting) || !OptionKeys.Contains(key))
            {
                throw context.Error("node_invalid", item, $"expected {{Key, Value}} with Key one of {string.Join(", ", OptionKeys)}");
            }

            if (key == "nodes")
            {
                if (options.ContainsKey(key))
                {
                    throw context.Error("node_invalid", item, "'nodes' is given more than once");
                }

                nodes = NodeNames(setting, context);
            }
            else if (options.ContainsKey(key))
            {
                throw context.Error("node_invalid", item, $"'{key}' is given more than once");
            }

            options[key] = setting;
        }

        options.Remove("nodes");
        return new NodesConfig(nodes, options);
    }

    private static List<string> NodeNames(ErlangTerm value, ParseContext context)
    {
        if (!TermValues.TryProperList(value, out var items))
        {
            throw context.Error("node_invalid", value, "expected a list of node names");
        }

        var nodes = new List<string>(items.Length);
        foreach (var item in items)
        {
            if (item is not ErlangAtom atom || atom.Name.IndexOf('@') is <= 0 || atom.Name.EndsWith('@'))
            {
                throw context.Error("node_invalid", item, "a node name is an atom name@host");
            }

            if (!nodes.Contains(atom.Name))
            {
                nodes.Add(atom.Name);
            }
        }

        return nodes;
    }
}
