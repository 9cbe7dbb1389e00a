using System.Text;

namespace CloudI.Executable.Logging;

/// <summary>
/// Where log lines go: standard output always, and a file when the configuration names one.
/// Each line is written and flushed whole under one lock, so lines never interleave. The file
/// is opened for appending, created with mode 0640 (its directory 0750 when missing), and can
/// be reopened (SIGHUP, after logrotate moved it).
/// </summary>
internal sealed class LogSinks : IDisposable
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly Lock _gate = new();
    private readonly Stream _stdout;
    private FileStream? _file;
    private bool _stdoutBroken;
    private string? _filePath;

    /// <summary>Opens the sinks; <paramref name="filePath"/> is an absolute path or null.</summary>
    /// <exception cref="IOException">The file or its directory cannot be created or opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public LogSinks(string? filePath, Stream? stdout = null)
    {
        _stdout = stdout ?? Console.OpenStandardOutput();
        _filePath = filePath;
        if (filePath is not null)
        {
            _file = Open(filePath);
        }
    }

    /// <summary>The log file, or null for standard output only.</summary>
    public string? FilePath
    {
        get
        {
            lock (_gate)
            {
                return _filePath;
            }
        }
    }

    /// <summary>Writes one line (a newline is added).</summary>
    public void WriteLine(string line)
    {
        int count = Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(count);
        try
        {
            int n = Encoding.UTF8.GetBytes(line, buffer);
            buffer[n++] = (byte)'\n';
            lock (_gate)
            {
                if (!_stdoutBroken)
                {
                    try
                    {
                        _stdout.Write(buffer, 0, n);
                        _stdout.Flush();
                    }
                    catch (IOException)
                    {
                        // Standard output closed (the terminal went away): keep logging to the file.
                        _stdoutBroken = true;
                    }
                }

                if (_file is not null)
                {
                    try
                    {
                        _file.Write(buffer, 0, n);
                        _file.Flush();
                    }
                    catch (IOException)
                    {
                        // Disk full or similar: the line is lost, the runtime goes on.
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes and reopens the log file (after rotation); the old file stays open if that fails.</summary>
    /// <returns>Null on success, else why not.</returns>
    public string? Reopen()
    {
        string? path = FilePath;
        return path is null ? null : SwitchTo(path)?.Message;
    }

    /// <summary>
    /// Writes to <paramref name="path"/> (an absolute path) from now on, or to no file when null
    /// (the Service API's <c>logging_file_set</c>). When the new file cannot be opened nothing changes.
    /// </summary>
    /// <returns>Null on success, else the failure (an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>).</returns>
    public Exception? SwitchTo(string? path)
    {
        FileStream? opened = null;
        if (path is not null)
        {
            try
            {
                opened = Open(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return e;
            }
        }

        FileStream? old;
        lock (_gate)
        {
            old = _file;
            _file = opened;
            _filePath = path;
        }

        old?.Dispose();
        return null;
    }

    private static FileStream Open(string path)
    {
        string? directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        return new FileStream(path, new FileStreamOptions
        {
            Mode = System.IO.FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = FileMode,
            BufferSize = 0,
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}
