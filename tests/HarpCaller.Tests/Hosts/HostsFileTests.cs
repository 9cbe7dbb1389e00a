using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using HarpCaller.Hosts;
using HarpCaller.Hosts.Internal;

namespace HarpCaller.Tests.Hosts;

[UnsupportedOSPlatform("windows")]
public sealed class HostsFileTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly HostsTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static HostEntry Entry(string hostname, string port = "4306", string password = "pw")
    {
        using JsonDocument document = JsonDocument.Parse(port);
        return new HostEntry(hostname, "10.0.0.5", document.RootElement, new HostCredentials("rpc", password));
    }

    private static HostsSnapshot Snapshot(DateTimeOffset refreshedAt, params HostEntry[] hosts) =>
        HostsSnapshot.Create(hosts.ToDictionary(h => h.Hostname, StringComparer.Ordinal), refreshedAt);

    [Fact]
    public async Task SaveThenLoad_RoundTripsHostsTimestampAndPortText()
    {
        var refreshedAt = new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero);
        HostsSnapshot saved = Snapshot(refreshedAt,
            Entry("b", "123456789012345678901234567890"),
            Entry("a", "1e3", password: "π😀\"\\\n\u0001"),
            Entry("c", "\"4306\""));

        await HostsFile.SaveAsync(_dir.HostDb, saved, CancellationToken.None).WaitAsync(Bound);
        HostsFileLoadResult loaded = await HostsFile.LoadAsync(_dir.HostDb, CancellationToken.None).WaitAsync(Bound);

        Assert.True(loaded.Loaded);
        Assert.Equal(refreshedAt, loaded.Snapshot.RefreshedAt);
        // As arrays: ImmutableArray's own Equals compares the underlying array reference.
        Assert.Equal(saved.Sorted.ToArray(), loaded.Snapshot.Sorted.ToArray());
        Assert.Equal(["a", "b", "c"], loaded.Snapshot.Sorted.Select(h => h.Hostname));
        Assert.Equal("123456789012345678901234567890", loaded.Snapshot.ByName["b"].Port.GetRawText());
    }

    [Fact]
    public async Task Save_WritesAHeaderLineThenOneScriptFormatLinePerHost()
    {
        await HostsFile.SaveAsync(_dir.HostDb, Snapshot(DateTimeOffset.UnixEpoch, Entry("web01")), CancellationToken.None).WaitAsync(Bound);

        string[] lines = await File.ReadAllLinesAsync(_dir.HostDb);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"format\":\"harpcallerd-hosts\",\"version\":1,\"refreshed\":\"1970-01-01T00:00:00+00:00\",\"hosts\":1}", lines[0], StringComparison.Ordinal);
        Assert.Equal(HostLines.Valid("web01"), lines[1]);
    }

    [Fact]
    public async Task Save_CreatesTheDirectory_AndTheFileWithMode0600()
    {
        string path = Path.Combine(_dir.Path, "a", "b", "hosts.db");

        await HostsFile.SaveAsync(path, Snapshot(DateTimeOffset.UnixEpoch, Entry("h")), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task Save_ReplacesAWorldReadableFile_WithA0600One()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.HostDb)!);
        await File.WriteAllTextAsync(_dir.HostDb, "old");
        File.SetUnixFileMode(_dir.HostDb, (UnixFileMode)0b110_100_100);
        await File.WriteAllTextAsync(_dir.HostDb + ".tmp", "left over by a crash");
        File.SetUnixFileMode(_dir.HostDb + ".tmp", (UnixFileMode)0b110_110_110);

        await HostsFile.SaveAsync(_dir.HostDb, Snapshot(DateTimeOffset.UnixEpoch, Entry("h")), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.HostDb));
        Assert.True((await HostsFile.LoadAsync(_dir.HostDb, CancellationToken.None)).Loaded);
    }

    [Fact]
    public async Task Load_ReportsMissing_WhenTheFileOrDirectoryDoesNotExist()
    {
        Assert.True((await HostsFile.LoadAsync(_dir.HostDb, CancellationToken.None).WaitAsync(Bound)).Missing);
        Assert.True((await HostsFile.LoadAsync(_dir.File("hosts.db"), CancellationToken.None).WaitAsync(Bound)).Missing);
    }

    public static TheoryData<string, byte[]> CorruptFiles()
    {
        string header = "{\"format\":\"harpcallerd-hosts\",\"version\":1,\"refreshed\":\"2025-01-01T00:00:00+00:00\",\"hosts\":1}\n";
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "binary", [0x83, 0x68, 0x02, 0x64, 0x00, 0xFF, 0x0A, 0x00] },
            { "not our header", Encoding.UTF8.GetBytes(HostLines.Valid("h") + "\n") },
            { "future version", Encoding.UTF8.GetBytes(header.Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal) + HostLines.Valid("h") + "\n") },
            { "bad timestamp", Encoding.UTF8.GetBytes(header.Replace("2025-01-01T00:00:00+00:00", "yesterday", StringComparison.Ordinal) + HostLines.Valid("h") + "\n") },
            { "truncated", Encoding.UTF8.GetBytes(header.Replace("\"hosts\":1", "\"hosts\":2", StringComparison.Ordinal) + HostLines.Valid("h") + "\n") },
            { "cut mid-line", Encoding.UTF8.GetBytes(header + HostLines.Valid("h")[..40]) },
            { "bad host line", Encoding.UTF8.GetBytes(header + "{\"hostname\":\"h\"}\n") },
            { "invalid UTF-8 in header", [.. Encoding.UTF8.GetBytes(header.Replace("harpcallerd-hosts", "harpcallerd-host\u00e9", StringComparison.Ordinal))[..30], 0xFF, .. Encoding.UTF8.GetBytes(header)[31..]] },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public async Task Load_ReportsCorrupt_WithoutThrowing(string kind, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.HostDb)!);
        await File.WriteAllBytesAsync(_dir.HostDb, content);

        HostsFileLoadResult loaded = await HostsFile.LoadAsync(_dir.HostDb, CancellationToken.None).WaitAsync(Bound);

        Assert.False(loaded.Loaded, kind);
        Assert.NotNull(loaded.CorruptReason);
        Assert.Empty(loaded.Snapshot.Sorted);
    }

    [Fact]
    public async Task Load_ReportsUnreadable_WhenTheFileCannotBeOpened()
    {
        Directory.CreateDirectory(_dir.HostDb); // a directory where the file should be

        HostsFileLoadResult loaded = await HostsFile.LoadAsync(_dir.HostDb, CancellationToken.None).WaitAsync(Bound);

        Assert.False(loaded.Loaded);
        Assert.NotNull(loaded.ReadError);
    }
}
