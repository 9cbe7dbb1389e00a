using System.Runtime.InteropServices;

namespace HarpCaller.Control;

/// <summary>The file type from lstat(2), which .NET's file APIs do not expose.</summary>
internal static partial class UnixFileType
{
    private const uint TypeMask = 0xF000; // S_IFMT
    private const uint Socket = 0xC000;   // S_IFSOCK

    /// <summary>True when <paramref name="path"/> itself (not a link target) is a Unix socket.</summary>
    public static unsafe bool IsSocket(string path)
    {
        // struct stat is 144 bytes on x86-64 and 128 on arm64; st_mode sits at 24 and 16.
        var offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => throw new PlatformNotSupportedException("control socket checks support x64 and arm64 Linux"),
        };
        var buffer = stackalloc byte[256];
        if (LStat(path, buffer) != 0) return false;
        var mode = *(uint*)(buffer + offset);
        return (mode & TypeMask) == Socket;
    }

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int LStat(string path, byte* buffer);
}
