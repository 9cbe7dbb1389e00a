using System.Buffers;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// Collects the accepted lines of one script run; the last line for a host name wins.
/// </summary>
internal sealed class HostListBuilder : ILineSink
{
    /// <summary>Ignored lines logged per run; a script printing junk must not flood the log.</summary>
    private const int MaxLoggedIgnoredLines = 100;

    /// <summary>Host names are logged up to this many characters: the name is the script's text.</summary>
    private const int MaxLoggedHostnameChars = 256;

    private readonly ILogger _logger;
    private readonly Dictionary<string, HostEntry> _hosts = new(StringComparer.Ordinal);

    public HostListBuilder(ILogger logger) => _logger = logger;

    /// <summary>Accepted hosts by name.</summary>
    public IReadOnlyDictionary<string, HostEntry> Hosts => _hosts;

    /// <summary>Lines not accepted (blank lines are not counted).</summary>
    public int IgnoredLines { get; private set; }

    public void OnLine(ReadOnlySequence<byte> line, long lineNumber)
    {
        if (HostLineParser.IsBlank(line))
        {
            return;
        }

        if (HostLineParser.TryParse(line, out HostEntry? entry, out HostLineRejection rejection, out string? hostname))
        {
            _hosts[entry.Hostname] = entry;
        }
        else
        {
            Ignore(lineNumber, rejection, hostname);
        }
    }

    public void OnLineTooLong(long lineNumber) => Ignore(lineNumber, HostLineRejection.TooLong, hostname: null);

    private void Ignore(long lineNumber, HostLineRejection rejection, string? hostname)
    {
        IgnoredLines++;
        if (IgnoredLines <= MaxLoggedIgnoredLines)
        {
            if (hostname is { Length: > MaxLoggedHostnameChars })
            {
                hostname = string.Concat(hostname.AsSpan(0, MaxLoggedHostnameChars), "…");
            }

            Log.LineIgnored(_logger, lineNumber, rejection, hostname);
        }
        else if (IgnoredLines == MaxLoggedIgnoredLines + 1)
        {
            Log.MoreLinesIgnored(_logger, MaxLoggedIgnoredLines);
        }
    }
}
