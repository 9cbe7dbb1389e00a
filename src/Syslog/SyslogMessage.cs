using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;

namespace Syslog;

/// <summary>
/// RFC 5424 layout: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - BOM MSG</c>.
/// </summary>
internal static class SyslogMessage
{
    /// <summary>The daemon facility (3).</summary>
    public const int DaemonFacility = 3;

    /// <summary>The smallest datagram bound accepted: RFC 5424 receivers must take 480 octets.</summary>
    public const int MinimumDatagramBytes = 480;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>RFC 5424 severity: 2 crit, 3 err, 4 warning, 6 info, 7 debug.</summary>
    public static int Severity(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    /// <summary>Everything before the BOM, already sanitised to printable US-ASCII.</summary>
    public static string Header(DateTimeOffset time, LogLevel level, string hostName, string appName, string procId, string? msgId,
        int facility = DaemonFacility)
    {
        var timestamp = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var pri = facility * 8 + Severity(level);
        return string.Create(CultureInfo.InvariantCulture,
            $"<{pri}>1 {timestamp} {Field(hostName, 255)} {Field(appName, 48)} {Field(procId, 128)} {Field(msgId, 32)} - ");
    }

    /// <summary>
    /// Writes header, BOM and as much of <paramref name="message"/> as fits into
    /// <paramref name="destination"/>, never splitting a character; returns the length.
    /// </summary>
    public static int Write(Span<byte> destination, string header, string message)
    {
        var length = Encoding.ASCII.GetBytes(header, destination);
        Bom.CopyTo(destination[length..]);
        length += Bom.Length;
        // DestinationTooSmall stops before the first scalar value that does not fit whole.
        _ = Utf8.FromUtf16(message, destination[length..], out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        return length + written;
    }

    /// <summary>An RFC 5424 header field: NILVALUE when empty, printable US-ASCII, bounded length.</summary>
    public static string Field(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value)) return "-";
        if (value.Length > maxLength) value = value[..maxLength];
        foreach (var c in value)
        {
            if (c is < '!' or > '~') return string.Create(value.Length, value, Sanitise);
        }

        return value;

        static void Sanitise(Span<char> target, string source)
        {
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = source[i] is < '!' or > '~' ? '_' : source[i];
            }
        }
    }
}
