using System.Globalization;
using HarpCaller.Client;

namespace HarpCaller.Cli;

/// <summary>A dispatcher address as written on the command line: <c>HOST:PORT</c>, <c>[V6]:PORT</c> or <c>HOST</c>.</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port.</param>
internal readonly record struct ServerAddress(string Host, int Port)
{
    /// <summary>Where harp looks when neither --server nor HARP_SERVER says otherwise.</summary>
    public const string Default = "127.0.0.1:3502";

    /// <summary>Parses an address; a missing port means the dispatcher's default port.</summary>
    public static bool TryParse(string? text, out ServerAddress address, out string? error)
    {
        address = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the server address is empty";
            return false;
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            // [IPv6]:PORT — brackets keep the address's own colons apart from the port separator.
            var close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                error = $"'{text}' is not HOST:PORT or [IPV6]:PORT";
                return false;
            }

            host = text[1..close];
            port = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address: no room for a port without brackets.
            host = text;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            error = $"'{text}' has no host";
            return false;
        }

        var number = HarpCallerClientOptions.DefaultPort;
        if (port is not null
            && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            error = $"'{port}' is not a port number (1-65535)";
            return false;
        }

        address = new ServerAddress(host, number);
        return true;
    }
}
