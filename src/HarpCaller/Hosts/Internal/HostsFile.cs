using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// Reads and writes <c>host_db</c>.
/// </summary>
/// <remarks>
/// Format (UTF-8 JSON lines, each ending in <c>\n</c>):
/// <code>
/// {"format":"harpcallerd-hosts","version":1,"refreshed":"2025-01-31T12:00:00.0000000+00:00","hosts":2}
/// {"hostname":"web01.example.net","address":"10.0.0.5","port":4306,"credentials":{"user":"rpc","password":"..."}}
/// {"hostname":"web02.example.net","address":"10.0.0.6","port":4306,"credentials":{"user":"rpc","password":"..."}}
/// </code>
/// The header names the format, its version, the wall-clock time of the script run the hosts
/// came from (the registry's age at the next start) and the number of host lines (so a file
/// cut short is detected). Host lines use the filler script's own format, parsed by the same
/// <see cref="HostLineParser"/>; <c>port</c> is written exactly as the script gave it. The file
/// holds credentials: it is created with mode 0600.
/// </remarks>
internal static class HostsFile
{
    public const string FormatKey = "format";
    public const string FormatName = "harpcallerd-hosts";
    public const string VersionKey = "version";
    public const int FormatVersion = 1;
    public const string RefreshedKey = "refreshed";
    public const string HostsKey = "hosts";

    /// <summary>
    /// Line cap when reading our own file: larger than the script's line cap because re-encoding
    /// may escape characters (a control character becomes six bytes).
    /// </summary>
    private const int MaxFileLineBytes = 1024 * 1024;

    /// <summary>Write buffer flushed to the file when it grows past this.</summary>
    private const int WriteChunkBytes = 64 * 1024;

    // Relaxed escaping keeps non-ASCII text as UTF-8; the file is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Reads the registry; never throws for a missing, unreadable or corrupt file.</summary>
    public static async Task<HostsFileLoadResult> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var reader = new HostsFileReader();
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            };
            await using var stream = new FileStream(path, options);
            var splitter = new LineSplitter(MaxFileLineBytes, reader);
            await LineReader.ReadAllAsync(stream, splitter, long.MaxValue, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return HostsFileLoadResult.NotFound();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HostsFileLoadResult.Unreadable(e);
        }

        return reader.Complete();
    }

    /// <summary>
    /// Replaces the file atomically: readers and the next start see the old or the new registry, never a mix.
    /// </summary>
    /// <exception cref="IOException">The file or its directory could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static async Task SaveAsync(string path, HostsSnapshot snapshot, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new IOException($"'{fullPath}' has no parent directory.");
        CreateDirectory(directory);

        // Same directory as the target: rename(2) is atomic only within one file system.
        string tempPath = fullPath + ".tmp";
        // A crash may have left the temp file behind; remove it so CreateNew makes a fresh
        // inode with our mode (an existing file would keep its old, maybe wider, mode).
        File.Delete(tempPath);

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The file holds every host's password: owner read/write only, from creation on.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(tempPath, options))
            {
                await WriteAsync(stream, snapshot, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                // Checkpoint: the content is on disk before the rename publishes it; without the
                // fsync a power loss after the rename could leave an empty file under the real name.
                stream.Flush(flushToDisk: true);
            }

            // Checkpoint: the rename is the commit. The directory entry itself is not fsynced
            // (.NET cannot open a directory); after a power loss the worst case is the previous
            // registry, which is stale and refreshed at start.
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private static async Task WriteAsync(Stream stream, HostsSnapshot snapshot, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(WriteChunkBytes);
        await using var writer = new Utf8JsonWriter(buffer, WriterOptions);

        writer.WriteStartObject();
        writer.WriteString(FormatKey, FormatName);
        writer.WriteNumber(VersionKey, FormatVersion);
        writer.WriteString(RefreshedKey, snapshot.RefreshedAt ?? DateTimeOffset.UnixEpoch);
        writer.WriteNumber(HostsKey, snapshot.Sorted.Length);
        writer.WriteEndObject();
        EndLine(writer, buffer);

        foreach (HostEntry host in snapshot.Sorted)
        {
            writer.WriteStartObject();
            writer.WriteString("hostname", host.Hostname);
            writer.WriteString("address", host.Address);
            writer.WritePropertyName("port");
            host.Port.WriteTo(writer); // numbers are written with their original text
            writer.WriteStartObject("credentials");
            writer.WriteString("user", host.Credentials.User);
            writer.WriteString("password", host.Credentials.Password);
            writer.WriteEndObject();
            writer.WriteEndObject();
            EndLine(writer, buffer);

            if (buffer.WrittenCount >= WriteChunkBytes)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.Clear(); // zeroes the chunk: it held passwords
            }
        }

        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        // The buffer held passwords; do not leave them in memory longer than needed.
        buffer.Clear();
    }

    /// <summary>Ends one JSON line; the writer is reset so the next line is a new top-level value.</summary>
    private static void EndLine(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        writer.Flush();
        buffer.Write("\n"u8);
        writer.Reset(buffer);
    }

    private static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Only applies to directories we create; an existing directory keeps its mode.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next save deletes it before writing.
        }
    }
}
