using System.Globalization;
using System.Net;

namespace HarpCaller.Load;

/// <summary>
/// Validated settings of one load run. Every dimension is bounded so a mistyped option cannot turn
/// the tool into an unbounded flood: duration at most 120 s, clients at most 1000, loopback only.
/// </summary>
internal sealed record LoadOptions
{
    /// <summary>Longest run; the tool is for benchmarks on one machine, not soak tests.</summary>
    public const int MaxDurationSeconds = 120;

    /// <summary>Most concurrent clients; beyond this the load tool, not the dispatcher, is measured.</summary>
    public const int MaxClients = 1000;

    public LoadMode Mode { get; init; }

    public IPEndPoint Server { get; init; } = new(IPAddress.Loopback, 3502);

    public int Clients { get; init; } = 4;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop after this many requests in total (iterations for e2e); null = until the duration ends.</summary>
    public long? Requests { get; init; }

    public string? Job { get; init; }

    public string Host { get; init; } = "h1";

    public string Procedure { get; init; } = "echo";

    /// <summary>Call arguments as compact JSON text (validated).</summary>
    public string Args { get; init; } = "[]";

    /// <summary>e2e: the result value each call must return; null = any {"result":...} counts as delivered.</summary>
    public string? Expect { get; init; }

    /// <summary>Bound on each request; waiting requests (e2e result) use <see cref="WaitTimeout"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on e2e's get_result wait and on preparing a read_stream job.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public const string Usage = """
        usage: HarpCaller.Load MODE [options]
          MODE: submit | status | read_stream | e2e
          --server HOST:PORT     dispatcher (loopback only; default 127.0.0.1:3502)
          --clients N            concurrent clients (default 4, max 1000)
          --duration S           seconds to run (default 10, max 120)
          --requests N           stop after N requests in total (optional)
          --job ID               job for status / read_stream (default: submit one first)
          --host H               call target host (default h1)
          --procedure P          call procedure (default echo)
          --args JSON            call arguments (default [])
          --expect JSON          e2e: the result every call must return (default: any result)
          --request-timeout S    bound on each request (default 30)
          --wait-timeout S       bound on waiting for a result (default 60)
        """;

    /// <summary>Parses the command line; returns null and sets <paramref name="error"/> on bad input.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        if (args.Count == 0)
        {
            error = "missing MODE";
            return null;
        }

        LoadMode mode;
        switch (args[0])
        {
            case "submit": mode = LoadMode.Submit; break;
            case "status": mode = LoadMode.Status; break;
            case "read_stream": mode = LoadMode.ReadStream; break;
            case "e2e": mode = LoadMode.EndToEnd; break;
            default:
                error = $"unknown mode '{args[0]}'";
                return null;
        }

        var options = new LoadOptions { Mode = mode };
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unexpected argument '{arg}'";
                return null;
            }

            // Both "--opt=value" and "--opt value".
            string name;
            string? value;
            var equals = arg.IndexOf('=');
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
                value = i + 1 < args.Count ? args[++i] : null;
            }

            if (value is null)
            {
                error = $"{name} needs a value";
                return null;
            }

            options = Apply(options, name, value, out error);
            if (error is not null)
            {
                return null;
            }
        }

        return options;
    }

    private static LoadOptions Apply(LoadOptions options, string name, string value, out string? error)
    {
        error = null;
        switch (name)
        {
            case "--server":
                if (!TryParseLoopback(value, out var endpoint, out error))
                {
                    return options;
                }

                return options with { Server = endpoint };
            case "--clients":
                return TryInt(value, 1, MaxClients, name, out var clients, out error) ? options with { Clients = clients } : options;
            case "--duration":
                return TryInt(value, 1, MaxDurationSeconds, name, out var seconds, out error)
                    ? options with { Duration = TimeSpan.FromSeconds(seconds) }
                    : options;
            case "--requests":
                return TryInt(value, 1, int.MaxValue, name, out var requests, out error) ? options with { Requests = requests } : options;
            case "--request-timeout":
                return TryInt(value, 1, 600, name, out var requestTimeout, out error)
                    ? options with { RequestTimeout = TimeSpan.FromSeconds(requestTimeout) }
                    : options;
            case "--wait-timeout":
                return TryInt(value, 1, 3600, name, out var waitTimeout, out error)
                    ? options with { WaitTimeout = TimeSpan.FromSeconds(waitTimeout) }
                    : options;
            case "--job":
                return options with { Job = value };
            case "--host":
                return options with { Host = value };
            case "--procedure":
                return options with { Procedure = value };
            case "--args":
                return TryJson(value, name, out var args, out error) ? options with { Args = args } : options;
            case "--expect":
                return TryJson(value, name, out var expect, out error) ? options with { Expect = expect } : options;
            default:
                error = $"unknown option {name}";
                return options;
        }
    }

    /// <summary>
    /// Accepts only loopback targets (127.0.0.0/8, ::1, localhost): a load generator pointed at a
    /// production dispatcher by mistake would be a denial of service.
    /// </summary>
    internal static bool TryParseLoopback(string text, out IPEndPoint endpoint, out string? error)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 3502);
        error = null;
        string host;
        var port = "3502";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = $"bad server address '{text}'";
                return false;
            }

            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':')
                {
                    error = $"bad server address '{text}'";
                    return false;
                }

                port = text[(close + 2)..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        else
        {
            host = text;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            error = $"bad port in '{text}'";
            return false;
        }

        IPAddress address;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            error = $"refusing '{host}': only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed";
            return false;
        }

        var check = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (!IPAddress.IsLoopback(check))
        {
            error = $"refusing '{host}': only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed";
            return false;
        }

        endpoint = new IPEndPoint(check, number);
        return true;
    }

    private static bool TryInt(string value, int min, int max, string name, out int result, out string? error)
    {
        error = null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) || result < min || result > max)
        {
            error = $"{name} must be an integer in {min}..{max}, not '{value}'";
            return false;
        }

        return true;
    }

    private static bool TryJson(string value, string name, out string compact, out string? error)
    {
        compact = value;
        error = null;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(value);

            // Compact so the value fits on the single request line whatever the user typed.
            compact = System.Text.Json.JsonSerializer.Serialize(document.RootElement);
            return true;
        }
        catch (System.Text.Json.JsonException e)
        {
            error = $"{name} is not valid JSON: {e.Message}";
            return false;
        }
    }
}
