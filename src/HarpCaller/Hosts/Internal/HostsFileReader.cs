using System.Buffers;
using System.Text.Json;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// Validates the lines of a <c>host_db</c> file (format in <see cref="HostsFile"/>). The first
/// problem makes the whole file corrupt: a partly valid file would quietly drop hosts.
/// </summary>
internal sealed class HostsFileReader : ILineSink
{
    private readonly Dictionary<string, HostEntry> _hosts = new(StringComparer.Ordinal);
    private bool _headerSeen;
    private long _announcedHosts;
    private long _hostLines;
    private DateTimeOffset _refreshedAt;

    /// <summary>The first problem found; null while the file looks valid.</summary>
    public string? Error { get; private set; }

    public void OnLine(ReadOnlySequence<byte> line, long lineNumber)
    {
        if (Error is not null || HostLineParser.IsBlank(line))
        {
            return;
        }

        if (!_headerSeen)
        {
            _headerSeen = true;
            if (!TryReadHeader(line))
            {
                Error = "line 1 is not a hosts registry header";
            }

            return;
        }

        _hostLines++;
        if (HostLineParser.TryParse(line, out HostEntry? entry, out HostLineRejection rejection, out _))
        {
            _hosts[entry.Hostname] = entry;
        }
        else
        {
            Error = $"line {lineNumber}: {rejection}";
        }
    }

    public void OnLineTooLong(long lineNumber) => Error ??= $"line {lineNumber} is too long";

    /// <summary>Checks the end of the file and returns the outcome.</summary>
    public HostsFileLoadResult Complete()
    {
        if (Error is null && !_headerSeen)
        {
            Error = "the file is empty";
        }

        if (Error is null && _hostLines != _announcedHosts)
        {
            // A count in the header detects a file cut short (a copy or a disk gone wrong);
            // our own writes are atomic and cannot produce one.
            Error = $"the header announces {_announcedHosts} hosts but the file has {_hostLines}";
        }

        return Error is null
            ? HostsFileLoadResult.Of(HostsSnapshot.Create(_hosts, _refreshedAt))
            : HostsFileLoadResult.Corrupt(Error);
    }

    private bool TryReadHeader(ReadOnlySequence<byte> line)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty(HostsFile.FormatKey, out JsonElement format)
                && format.ValueKind == JsonValueKind.String
                && format.ValueEquals(HostsFile.FormatName)
                && root.TryGetProperty(HostsFile.VersionKey, out JsonElement version)
                && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt32(out int versionNumber)
                && versionNumber == HostsFile.FormatVersion
                && root.TryGetProperty(HostsFile.RefreshedKey, out JsonElement refreshed)
                && refreshed.ValueKind == JsonValueKind.String
                && refreshed.TryGetDateTimeOffset(out _refreshedAt)
                && root.TryGetProperty(HostsFile.HostsKey, out JsonElement count)
                && count.ValueKind == JsonValueKind.Number
                && count.TryGetInt64(out _announcedHosts)
                && _announcedHosts >= 0;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: invalid UTF-8 inside a string, found when it is read.
            return false;
        }
    }
}
