using System.Runtime.InteropServices;

namespace CloudI.External.Spawning;

/// <summary>
/// Owns one raw file descriptor (the child end of a thread socket, a pipe end). A plain
/// <see cref="SafeHandle"/> rather than a .NET <c>Socket</c> on purpose: disposing a <c>Socket</c>
/// may shut the connection down, which would also cut off the child that shares it.
/// </summary>
public sealed class FileDescriptorHandle : SafeHandle
{
    /// <summary>Takes ownership of <paramref name="fd"/>; it is closed on dispose.</summary>
    public FileDescriptorHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    /// <summary>True when the handle holds no descriptor.</summary>
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor number (valid only while the handle is open).</summary>
    public int Fd => (int)handle.ToInt64();

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Libc.Close(Fd) == 0;
}
