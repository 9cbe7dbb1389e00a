using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace HarpCaller.TestHarpd;

/// <summary>
/// Lets a process speak TLS 1.0/1.1 through OpenSSL 3, which the original harpd requires.
/// </summary>
/// <remarks>
/// <para>
/// OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level (1), whatever .NET asks for:
/// those versions sign handshakes with SHA-1/MD5. What enables them is an OpenSSL configuration
/// with <c>MinProtocol = TLSv1</c> and <c>CipherString = DEFAULT@SECLEVEL=0</c> in the
/// <c>system_default</c> section, loaded through the <c>OPENSSL_CONF</c> environment variable.
/// Setting a cipher string there also makes .NET use it instead of its own TLS 1.2-only default
/// list, which has no cipher suite TLS 1.0 could negotiate.
/// </para>
/// <para>
/// OpenSSL reads its configuration once, when .NET first initialises it (the first TLS or
/// crypto operation of the process), so the variable must be in the native environment before
/// that. <see cref="Environment.SetEnvironmentVariable(string, string)"/> is not enough on Unix:
/// it only changes .NET's own copy of the environment. Either start the process with the
/// variable set (<see cref="ApplyTo(ProcessStartInfo)"/>), or call
/// <see cref="ApplyToCurrentProcess"/> first thing in <c>Main</c> (it calls libc <c>setenv</c>).
/// Once loaded, the setting applies to every TLS context of the process, client and server;
/// each <c>SslStream</c> still gets only the versions its options enable.
/// </para>
/// <para>
/// The generated file replaces the system OpenSSL configuration for that process (Debian's
/// default one only declares the default provider, which OpenSSL loads anyway).
/// </para>
/// </remarks>
public static partial class LegacyTlsOpenSslConfig
{
    /// <summary>The environment variable OpenSSL reads its configuration file name from.</summary>
    public const string EnvironmentVariable = "OPENSSL_CONF";

    /// <summary>The configuration written by <see cref="WriteConfigFile"/>.</summary>
    public const string ConfigText =
        """
        # Written by HarpCaller: allow TLS 1.0/1.1 (needed for the original harpd) in this process.
        openssl_conf = openssl_init

        [openssl_init]
        ssl_conf = ssl_section

        [ssl_section]
        system_default = system_default_section

        [system_default_section]
        MinProtocol = TLSv1
        CipherString = DEFAULT@SECLEVEL=0

        """;

    /// <summary>Whether <paramref name="protocols"/> includes TLS 1.0 or 1.1, which need this configuration.</summary>
    /// <param name="protocols">Protocols a TLS endpoint will enable.</param>
    public static bool IsNeededFor(SslProtocols protocols)
    {
#pragma warning disable SYSLIB0039 // naming the obsolete versions is the point here
        return (protocols & (SslProtocols.Tls | SslProtocols.Tls11)) != 0;
#pragma warning restore SYSLIB0039
    }

    /// <summary>
    /// Writes <see cref="ConfigText"/> to <c>openssl.cnf</c> in a new private directory under the
    /// temporary directory (directory mode 0700, file mode 0600, so nobody else can swap it).
    /// </summary>
    /// <returns>The file's path; <see cref="DeleteConfigFile"/> removes it again.</returns>
    public static string WriteConfigFile()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("harpcaller-openssl-");
        string path = Path.Combine(directory.FullName, "openssl.cnf");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(ConfigText);
        return path;
    }

    /// <summary>
    /// Writes the configuration and points <c>OPENSSL_CONF</c> at it in this process's native
    /// environment (and .NET's copy, so child processes inherit it). Has an effect only when
    /// called before anything in the process has used OpenSSL: call it first thing in <c>Main</c>.
    /// </summary>
    /// <returns>The configuration file's path; keep the file while the process runs.</returns>
    /// <exception cref="PlatformNotSupportedException">On Windows, where TLS is not OpenSSL.</exception>
    public static string ApplyToCurrentProcess()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("OPENSSL_CONF only matters where .NET uses OpenSSL");
        }

        string path = WriteConfigFile();
        if (SetEnv(EnvironmentVariable, path, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({EnvironmentVariable}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Environment.SetEnvironmentVariable(EnvironmentVariable, path);
        return path;
    }

    /// <summary>Writes the configuration and sets <c>OPENSSL_CONF</c> for a process about to be started.</summary>
    /// <param name="startInfo">The child process's start information.</param>
    /// <returns>The configuration file's path; delete it once the child has exited.</returns>
    public static string ApplyTo(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        string path = WriteConfigFile();
        startInfo.Environment[EnvironmentVariable] = path;
        return path;
    }

    /// <summary>Deletes a file written by <see cref="WriteConfigFile"/> and its directory; ignores failures.</summary>
    /// <param name="path">The path <see cref="WriteConfigFile"/> returned.</param>
    public static void DeleteConfigFile(string path)
    {
        try
        {
            File.Delete(path);
            Directory.Delete(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover file in the temporary directory harms nobody.
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
