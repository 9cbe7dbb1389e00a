namespace HarpCaller.Hosts.Internal;

/// <summary>What reading <c>host_db</c> gave. Every outcome but <see cref="Loaded"/> means an empty registry.</summary>
internal sealed record HostsFileLoadResult
{
    private HostsFileLoadResult()
    {
    }

    /// <summary>The stored registry; <see cref="HostsSnapshot.Empty"/> unless loaded.</summary>
    public HostsSnapshot Snapshot { get; private init; } = HostsSnapshot.Empty;

    /// <summary>The file was read and is valid.</summary>
    public bool Loaded { get; private init; }

    /// <summary>The file does not exist (first start).</summary>
    public bool Missing { get; private init; }

    /// <summary>Why the file was refused; never quotes its content.</summary>
    public string? CorruptReason { get; private init; }

    /// <summary>The I/O error that prevented reading.</summary>
    public Exception? ReadError { get; private init; }

    public static HostsFileLoadResult Of(HostsSnapshot snapshot) => new() { Snapshot = snapshot, Loaded = true };

    public static HostsFileLoadResult NotFound() => new() { Missing = true };

    public static HostsFileLoadResult Corrupt(string reason) => new() { CorruptReason = reason };

    public static HostsFileLoadResult Unreadable(Exception error) => new() { ReadError = error };
}
