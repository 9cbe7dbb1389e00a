using System.Runtime.InteropServices;
using System.Text;

namespace HarpCaller.Daemon;

/// <summary>
/// Lets this process speak TLS 1.0/1.1 to the original harpd on OpenSSL 3, which refuses those
/// versions at its default security level. OpenSSL reads <c>OPENSSL_CONF</c> once, when .NET
/// first initialises it, so this must run before any TLS or certificate use in the process.
/// Trade-off: the lowered level (SECLEVEL=0, TLSv1 minimum) applies to every TLS connection of
/// the process; in harpcallerd that is only the dispatcher → harpd side (the client port is
/// plain TCP), and which versions are offered is still decided per connection by
/// <c>harpd_tls_min_version</c>.
/// </summary>
public static partial class LegacyTlsSupport
{
    /// <summary>True once <see cref="Enable"/> has pointed OpenSSL at the legacy configuration in this process.</summary>
    public static bool IsEnabled { get; private set; }

    /// <summary>
    /// Writes an OpenSSL configuration allowing TLS 1.0 into <paramref name="directory"/> and points
    /// the native environment's OPENSSL_CONF at it. Returns the file's path. A no-op returning null
    /// on non-Unix systems or when the variable is already set by the operator.
    /// </summary>
    public static string? Enable(string directory)
    {
        if (OperatingSystem.IsWindows()) return null;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENSSL_CONF"))) return null;

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "openssl-legacy-tls.cnf");
        var text = """
            # Written by harpcallerd: allow TLS 1.0/1.1 for the original harpd (harpd_tls_min_version).
            openssl_conf = harpcaller_init

            [harpcaller_init]
            ssl_conf = harpcaller_ssl

            [harpcaller_ssl]
            system_default = harpcaller_tls

            [harpcaller_tls]
            MinProtocol = TLSv1
            CipherString = DEFAULT@SECLEVEL=0
            """;
        File.WriteAllText(path, text.Replace("\r\n", "\n") + "\n", new UTF8Encoding(false));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // .NET keeps its own copy of the environment on Unix: Environment.SetEnvironmentVariable
        // would not reach OpenSSL's getenv. Set the native variable, and the managed one for children.
        if (setenv("OPENSSL_CONF", path, 1) != 0) return null;
        Environment.SetEnvironmentVariable("OPENSSL_CONF", path);
        IsEnabled = true;
        return path;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);
}
