using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Examples.Tests;

/// <summary>
/// Just enough of the configuration file's <c>services</c> section (tuple and proplist forms of
/// internal services) to start <c>examples/cloudi/cloudi.conf</c> until the real parser lands.
/// Options are not interpreted.
/// </summary>
internal static class ConfigFileServices
{
    public static IReadOnlyList<InternalServiceConfig> Read(string path)
    {
        IReadOnlyList<PositionedTerm> terms = ErlangTermReader.ReadAll(File.ReadAllText(path), path);
        ErlangList services = terms.Select(t => t.Term).OfType<ErlangTuple>()
            .Where(t => t.Arity == 2 && t[0] is ErlangAtom { Name: "services" })
            .Select(t => (ErlangList)t[1]).Single();
        return [.. services.Elements.Select(Entry)];
    }

    private static InternalServiceConfig Entry(ErlangTerm entry) => entry switch
    {
        ErlangTuple { Arity: 14 } t when t[0] is ErlangAtom { Name: "internal" } => new InternalServiceConfig
        {
            Prefix = Text(t[1]),
            Module = ((ErlangAtom)t[2]).Name,
            Args = ((ErlangList)t[3]).Elements,
            TimeoutInit = UInt(t[5]),
            TimeoutAsync = UInt(t[6]),
            TimeoutSync = UInt(t[7]),
            CountProcess = ProcessCount.Exactly((int)UInt(t[10])),
            MaxR = (int)UInt(t[11]),
            MaxT = (int)UInt(t[12]),
            TimeoutTerminate = 2000,
        },
        ErlangList proplist => FromProplist(proplist),
        _ => throw new FormatException($"not an internal service entry: {entry}"),
    };

    private static InternalServiceConfig FromProplist(ErlangList proplist)
    {
        var config = new InternalServiceConfig { TimeoutTerminate = 2000 };
        foreach (ErlangTuple pair in proplist.Elements.Cast<ErlangTuple>())
        {
            ErlangTerm value = pair[1];
            config = ((ErlangAtom)pair[0]).Name switch
            {
                "type" => ((ErlangAtom)value).Name == "internal" ? config : throw new FormatException("external"),
                "prefix" => config with { Prefix = Text(value) },
                "module" => config with { Module = ((ErlangAtom)value).Name },
                "args" => config with { Args = ((ErlangList)value).Elements },
                "timeout_init" => config with { TimeoutInit = UInt(value) },
                "timeout_async" => config with { TimeoutAsync = UInt(value) },
                "timeout_sync" => config with { TimeoutSync = UInt(value) },
                "count_process" => config with { CountProcess = ProcessCount.Exactly((int)UInt(value)) },
                "max_r" => config with { MaxR = (int)UInt(value) },
                "max_t" => config with { MaxT = (int)UInt(value) },
                "dest_refresh" or "options" => config,
                string key => throw new FormatException($"unexpected key {key}"),
            };
        }

        return config;
    }

    private static string Text(ErlangTerm term) =>
        term is ErlangList l && l.TryGetString(out string s) ? s : throw new FormatException($"not a string: {term}");

    private static uint UInt(ErlangTerm term) =>
        term is ErlangInteger i && i.TryGetInt64(out long v) ? checked((uint)v) : throw new FormatException($"not an integer: {term}");
}
