using System.Runtime.InteropServices;

namespace CloudI.Executable.Control;

/// <summary>What .NET does not tell about a file: its type and owner (lstat), and who we are (geteuid).</summary>
internal static partial class UnixFile
{
    private const uint TypeMask = 0xF000; // S_IFMT
    private const uint SocketType = 0xC000; // S_IFSOCK
    private const uint DirectoryType = 0x4000; // S_IFDIR

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId => GetEffectiveUserId();

    /// <summary>True when <paramref name="path"/> itself (not a link target) is a Unix socket.</summary>
    public static bool IsSocket(string path) => TryStat(path, out uint mode, out _) && (mode & TypeMask) == SocketType;

    /// <summary>True when <paramref name="path"/> itself (not a link target) is a directory.</summary>
    public static bool IsDirectory(string path) => TryStat(path, out uint mode, out _) && (mode & TypeMask) == DirectoryType;

    /// <summary>lstat's <c>st_mode</c> and <c>st_uid</c>; false when the path does not exist or cannot be examined.</summary>
    public static unsafe bool TryStat(string path, out uint mode, out uint uid)
    {
        // struct stat is 144 bytes on x86-64 and 128 on arm64 (generic layout).
        (int modeOffset, int uidOffset) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (24, 28),
            Architecture.Arm64 => (16, 24),
            _ => throw new PlatformNotSupportedException("the control socket checks support x64 and arm64 Linux"),
        };
        byte* buffer = stackalloc byte[256];
        if (LStat(path, buffer) != 0)
        {
            mode = 0;
            uid = 0;
            return false;
        }

        mode = *(uint*)(buffer + modeOffset);
        uid = *(uint*)(buffer + uidOffset);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int LStat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
