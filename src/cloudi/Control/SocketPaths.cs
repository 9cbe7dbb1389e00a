using System.Globalization;

namespace CloudI.Executable.Control;

/// <summary>Where the control socket is unless <c>--socket</c> says otherwise.</summary>
internal static class SocketPaths
{
    /// <summary>The socket's file name inside <see cref="DefaultDirectory"/>.</summary>
    public const string FileName = "cloudi.sock";

    /// <summary><c>${XDG_RUNTIME_DIR:-/tmp}/cloudi-$UID</c>.</summary>
    public static string DefaultDirectory
    {
        get
        {
            string? runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            string root = string.IsNullOrEmpty(runtimeDir) ? "/tmp" : runtimeDir;
            return Path.Combine(root, "cloudi-" + UnixFile.EffectiveUserId.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary><c>${XDG_RUNTIME_DIR:-/tmp}/cloudi-$UID/cloudi.sock</c>.</summary>
    public static string Default => Path.Combine(DefaultDirectory, FileName);

    /// <summary>The path <c>--socket</c> gave, or the default.</summary>
    public static string Resolve(string? option) => string.IsNullOrEmpty(option) ? Default : Path.GetFullPath(option);
}
