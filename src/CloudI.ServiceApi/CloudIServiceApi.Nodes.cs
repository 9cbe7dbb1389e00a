using CloudI.Configuration;
using Erlang.Terms;
using static CloudI.ServiceApi.ApiTerms;

namespace CloudI.ServiceApi;

/// <summary>
/// <c>nodes_set</c>, <c>nodes_get</c>, <c>nodes_add</c>, <c>nodes_remove</c>, <c>nodes_alive</c>,
/// <c>nodes_dead</c>, <c>nodes</c>: stored in <see cref="Runtime.CloudIRuntime.Nodes"/>; a
/// single-node runtime connects to none of them, so every configured node is "dead".
/// </summary>
public sealed partial class CloudIServiceApi
{
    // The nodes_set keys in the order nodes_get lists them, with their CloudI 1.5.3 defaults.
    private static readonly (string Key, ErlangTerm? Default)[] NodeSettings =
    [
        ("reconnect_start", ErlangInteger.From(300)),
        ("reconnect_delay", ErlangInteger.From(60)),
        ("listen", new ErlangAtom("visible")),
        ("connect", new ErlangAtom("visible")),
        ("timestamp_type", new ErlangAtom("erlang")),
        ("discovery", ErlangAtom.Undefined),
    ];

    private ErlangTerm NodesSet(ErlangTerm argument)
    {
        if (argument is not ErlangList { IsProper: true, IsEmpty: false, IsStringLiteral: false } list)
        {
            throw ApiFailure.Of("node_invalid", argument);
        }

        List<string>? nodes = null;
        var settings = new Dictionary<string, ErlangTerm>(StringComparer.Ordinal);
        foreach (ErlangTerm item in list.Elements)
        {
            if (item is not ErlangTuple { Arity: 2 } pair || pair[0] is not ErlangAtom key)
            {
                throw ApiFailure.Of("node_invalid", item);
            }

            ErlangTerm value = pair[1];
            switch (key.Name)
            {
                case "nodes":
                    nodes = NodeList(value);
                    break;
                case "reconnect_start" or "reconnect_delay":
                    if (value is not ErlangInteger i || !i.TryGetInt64(out long seconds) || seconds <= 0 || seconds > uint.MaxValue / 1000)
                    {
                        throw ApiFailure.Of($"node_{key.Name}_invalid", value);
                    }

                    break;
                case "listen" when value is ErlangAtom { Name: "visible" or "all" }:
                case "connect" when value is ErlangAtom { Name: "visible" or "hidden" }:
                case "timestamp_type" when value is ErlangAtom { Name: "erlang" or "os" or "warp" }:
                case "discovery" when value is ErlangAtom { Name: "undefined" } || value is ErlangList { IsProper: true, IsStringLiteral: false }:
                    break;
                case "listen" or "connect" or "timestamp_type" or "discovery":
                    throw ApiFailure.Of($"node_{key.Name}_invalid", value);
                default:
                    throw ApiFailure.Of("node_invalid", item);
            }

            if (key.Name != "nodes")
            {
                settings[key.Name] = value;
            }
        }

        _runtime.UpdateNodes(current =>
        {
            var options = new Dictionary<string, ErlangTerm>(current.Options, StringComparer.Ordinal);
            foreach (var (key, value) in settings)
            {
                options[key] = value;
            }

            return current with { Nodes = nodes ?? current.Nodes, Options = options, Automatic = false };
        });
        return Ok;
    }

    private ErlangTerm NodesGet()
    {
        NodesConfig config = _runtime.Nodes;
        var items = new List<ErlangTerm>();
        if (config.Nodes.Count > 0)
        {
            items.Add(Pair("nodes", NodeAtoms(config.Nodes)));
        }

        foreach (var (key, defaultValue) in NodeSettings)
        {
            if (config.Options.TryGetValue(key, out ErlangTerm? value) && !value.Equals(defaultValue))
            {
                items.Add(Pair(key, value));
            }
        }

        return OkValue(List(items));
    }

    private ErlangTerm NodesAdd(ErlangTerm argument)
    {
        List<string> nodes = NodeList(argument, nonEmpty: true);
        _runtime.UpdateNodes(current => current with
        {
            Nodes = [.. current.Nodes, .. nodes.Where(n => !current.Nodes.Contains(n, StringComparer.Ordinal))],
        });
        return Ok;
    }

    private ErlangTerm NodesRemove(ErlangTerm argument)
    {
        List<string> nodes = NodeList(argument, nonEmpty: true);
        _runtime.UpdateNodes(current =>
        {
            foreach (string node in nodes)
            {
                if (!current.Nodes.Contains(node, StringComparer.Ordinal))
                {
                    throw ApiFailure.Of("node_not_found", new ErlangAtom(node));
                }
            }

            return current with { Nodes = [.. current.Nodes.Where(n => !nodes.Contains(n, StringComparer.Ordinal))] };
        });
        return Ok;
    }

    private static ErlangTerm NodesAlive() => OkValue(ErlangList.Nil);

    private ErlangTerm NodesDead() => OkValue(NodeAtoms(_runtime.Nodes.Nodes));

    private ErlangTerm NodesAll() => OkValue(NodeAtoms(_runtime.Nodes.Nodes));

    private static ErlangList NodeAtoms(IEnumerable<string> nodes) => List(nodes.Select(n => (ErlangTerm)new ErlangAtom(n)));

    /// <summary>A list of node atoms <c>name@host</c>, without repeats.</summary>
    private static List<string> NodeList(ErlangTerm term, bool nonEmpty = false)
    {
        if (term is not ErlangList { IsProper: true } list || (list.IsStringLiteral && !list.IsEmpty) || (nonEmpty && list.IsEmpty))
        {
            throw ApiFailure.Of("node_invalid", term);
        }

        var nodes = new List<string>(list.Count);
        foreach (ErlangTerm item in list.Elements)
        {
            if (!IsNode(item))
            {
                throw ApiFailure.Of("node_invalid", item);
            }

            string name = ((ErlangAtom)item).Name;
            if (!nodes.Contains(name, StringComparer.Ordinal))
            {
                nodes.Add(name);
            }
        }

        return nodes;
    }

    /// <summary>An atom <c>name@host</c> with both parts non-empty.</summary>
    internal static bool IsNode(ErlangTerm term)
    {
        if (term is not ErlangAtom atom)
        {
            return false;
        }

        int at = atom.Name.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < atom.Name.Length - 1 && atom.Name.IndexOf('@', at + 1) < 0;
    }
}
