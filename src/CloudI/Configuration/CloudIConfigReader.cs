using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// Reads a CloudI configuration file: the terms <c>{acl, [...]}.</c>, <c>{services, [...]}.</c>,
/// <c>{nodes, ...}.</c> and <c>{logging, [...]}.</c>, each optional, in any order, at most once.
/// Everything is validated (including the services' ACL references against the file's ACL
/// lists) before a configuration is returned.
/// </summary>
public static class CloudIConfigReader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <param name="path">The configuration file.</param>
    /// <exception cref="CloudIConfigException">The configuration is invalid.</exception>
    /// <exception cref="ErlangTermSyntaxException">The file is not valid Erlang term text.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CloudIConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Validates configuration text.</summary>
    /// <param name="text">The configuration text.</param>
    /// <param name="fileName">The name errors are reported against.</param>
    /// <exception cref="CloudIConfigException">The configuration is invalid.</exception>
    /// <exception cref="ErlangTermSyntaxException">The text is not valid Erlang term text.</exception>
    public static CloudIConfig Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var terms = ErlangTermReader.ReadAll(text, fileName);
        var context = new ParseContext(term => PositionOf(terms, term), fileName);

        var acl = new AclTable();
        IReadOnlyList<ServiceConfig> services = [];
        var nodes = NodesConfig.Default;
        var logging = LoggingConfig.Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var positioned in terms)
        {
            var term = positioned.Term;
            context.Fallback = positioned.Position;
            if (term is not ErlangTuple { Arity: 2 } section || section[0] is not ErlangAtom { Name: "acl" or "services" or "nodes" or "logging" } name)
            {
                throw context.Error("configuration_invalid", term, "expected {acl, ...}, {services, ...}, {nodes, ...} or {logging, ...}");
            }

            if (!seen.Add(name.Name))
            {
                throw context.Error("configuration_invalid", term, $"the {name.Name} section is given more than once");
            }

            switch (name.Name)
            {
                case "acl":
                    acl.AddTermCore(section[1], context);
                    break;
                case "services":
                    services = ServiceConfigParser.ParseListCore(section[1], context);
                    break;
                case "nodes":
                    nodes = NodesConfigParser.Parse(section[1], context);
                    break;
                default:
                    logging = LoggingConfigParser.Parse(section[1], context);
                    break;
            }
        }

        // As CloudI does at the end of loading: every name a service refers to must exist.
        foreach (var service in services)
        {
            context.Fallback = service.Position;
            foreach (var spec in new[] { service.DestListDeny, service.DestListAllow })
            {
                if (spec is not null)
                {
                    acl.ResolveCore(spec, context);
                }
            }
        }

        return new CloudIConfig(acl, services, nodes, logging, fileName);
    }

    private static SourcePosition? PositionOf(IReadOnlyList<PositionedTerm> terms, ErlangTerm term)
    {
        foreach (var positioned in terms)
        {
            if (positioned.TryGetPosition(term, out var position))
            {
                return position;
            }
        }

        return null;
    }
}
