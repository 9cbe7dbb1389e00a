using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HarpCaller.Configuration.Internal;

/// <summary>
/// Parses the manual's "bind:port" listen addresses: bind is "*", a host name, an IPv4 address or a
/// bracketed IPv6 address ("[::1]:3502"); port is 0..65535, 0 meaning any free port.
/// </summary>
internal static class ListenAddressParser
{
    internal static bool TryParse(
        string text, [NotNullWhen(true)] out ListenAddress? address, [NotNullWhen(false)] out string? reason)
    {
        address = null;
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                reason = "missing ']' after the IPv6 address";
                return false;
            }

            host = text[1..close];
            if (!IPAddress.TryParse(host, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                reason = $"\"{host}\" in brackets is not an IPv6 address";
                return false;
            }

            if (close + 1 >= text.Length || text[close + 1] != ':')
            {
                reason = "expected ':' and a port after ']'";
                return false;
            }

            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                reason = "missing \":port\"";
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                reason = "an IPv6 address must be in brackets, e.g. \"[::1]:3502\"";
                return false;
            }

            if (host.Length == 0)
            {
                reason = "missing the bind address before ':' (\"*\" binds every address)";
                return false;
            }

            if (host != "*" && !IsIPv4(host) && !IsHostName(host))
            {
                reason = $"\"{host}\" is not \"*\", an IP address or a host name";
                return false;
            }
        }

        // Digits only, no sign or leading zero: one spelling per port keeps duplicate detection exact.
        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || (port.Length > 1 && port[0] == '0') ||
            int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) > 65535)
        {
            reason = "the port must be a number from 0 to 65535";
            return false;
        }

        address = new ListenAddress(host, int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture));
        reason = null;
        return true;
    }

    /// <summary>
    /// A strict dotted quad. Text of only digits and dots is judged here and nowhere else: the
    /// permissive IPAddress.TryParse would read "10.1" as 10.0.0.1.
    /// </summary>
    private static bool IsIPv4(string host)
    {
        if (!host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return false;
        }

        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3 && (p.Length == 1 || p[0] != '0') &&
            int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; one trailing dot allowed.</summary>
    internal static bool IsHostName(string host)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length is 0 or > 253 || name.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return false;
        }

        return name.Split('.').All(label =>
            label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-' &&
            label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
