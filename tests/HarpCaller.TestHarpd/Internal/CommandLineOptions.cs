using System.Globalization;
using System.Net;
using System.Security.Authentication;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// The executable's command line. Parsing touches no crypto type, because it must run before
/// <see cref="LegacyTlsOpenSslConfig.ApplyToCurrentProcess"/>.
/// </summary>
internal sealed class CommandLineOptions
{
    public const string Usage =
        """
        usage: HarpCaller.TestHarpd [options]
          --bind ADDR            address to listen on (default 127.0.0.1)
          --port N               port (default 0: any free port)
          --cert PEM --key PEM   server certificate (chain after the leaf) and key
          --self-signed          generate a self-signed certificate (the default)
          --write-ca PEM         generate a CA, issue the server certificate from it, write the CA here
          --write-cert PEM       write the server certificate (PEM) here before listening
          --tls LIST             TLS versions, comma-separated: 1.0,1.1,1.2,1.3 (default: platform's choice)
          --user USER:PASSWORD   accepted credentials; repeatable (default rpc:secret)
          --compact-json         write compact UTF-8 JSON instead of Python json.dumps style
          --no-close-notify      close without a TLS close_notify, like the original harpd
          --exit-on-stdin-eof    exit when standard input is closed
          --verbose              trace connections on standard error
          --self-test            run the built-in self-test against an in-process daemon and exit
        Prints "listening <port>" when ready; stops on SIGTERM, SIGINT (or stdin EOF, see above).
        TLS 1.0/1.1 make the process generate an OpenSSL configuration and set OPENSSL_CONF first.
        """;

    public IPAddress BindAddress { get; private set; } = IPAddress.Loopback;

    public int Port { get; private set; }

    public string? CertificatePath { get; private set; }

    public string? KeyPath { get; private set; }

    public string? WriteCaPath { get; private set; }

    public string? WriteCertificatePath { get; private set; }

    public SslProtocols Protocols { get; private set; } = SslProtocols.None;

    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    public bool CompactJson { get; private set; }

    public bool NoCloseNotify { get; private set; }

    public bool ExitOnStdinEof { get; private set; }

    public bool Verbose { get; private set; }

    public bool SelfTest { get; private set; }

    public bool Help { get; private set; }

    /// <exception cref="UsageException">The arguments are not usable.</exception>
    public static CommandLineOptions Parse(string[] args)
    {
        var options = new CommandLineOptions();
        bool selfSigned = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--bind":
                    options.BindAddress = IPAddress.TryParse(Value(args, ref i), out IPAddress? address)
                        ? address
                        : throw new UsageException("--bind needs an IP address");
                    break;
                case "--port":
                    options.Port = int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= IPEndPoint.MaxPort
                        ? port
                        : throw new UsageException("--port needs a number in 0..65535");
                    break;
                case "--cert": options.CertificatePath = Value(args, ref i); break;
                case "--key": options.KeyPath = Value(args, ref i); break;
                case "--self-signed": selfSigned = true; break;
                case "--write-ca": options.WriteCaPath = Value(args, ref i); break;
                case "--write-cert": options.WriteCertificatePath = Value(args, ref i); break;
                case "--tls": options.Protocols = ParseProtocols(Value(args, ref i)); break;
                case "--user":
                    string credentials = Value(args, ref i);
                    int colon = credentials.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0)
                    {
                        throw new UsageException("--user needs USER:PASSWORD");
                    }

                    options.Users[credentials[..colon]] = credentials[(colon + 1)..];
                    break;
                case "--compact-json": options.CompactJson = true; break;
                case "--no-close-notify": options.NoCloseNotify = true; break;
                case "--exit-on-stdin-eof": options.ExitOnStdinEof = true; break;
                case "--verbose": options.Verbose = true; break;
                case "--self-test": options.SelfTest = true; break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new UsageException("unknown argument: " + arg);
            }
        }

        if ((options.CertificatePath is null) != (options.KeyPath is null))
        {
            throw new UsageException("--cert and --key go together");
        }

        if (options.CertificatePath is not null && (selfSigned || options.WriteCaPath is not null))
        {
            throw new UsageException("--cert/--key exclude --self-signed and --write-ca");
        }

        if (selfSigned && options.WriteCaPath is not null)
        {
            throw new UsageException("--self-signed excludes --write-ca");
        }

        return options;
    }

    /// <summary>Parses "1.0,1.2" and the like.</summary>
    public static SslProtocols ParseProtocols(string list)
    {
        SslProtocols protocols = SslProtocols.None;
        foreach (string version in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are obsolete, and exactly what the original harpd speaks
            protocols |= version switch
            {
                "1.0" => SslProtocols.Tls,
                "1.1" => SslProtocols.Tls11,
                "1.2" => SslProtocols.Tls12,
                "1.3" => SslProtocols.Tls13,
                _ => throw new UsageException("--tls takes 1.0, 1.1, 1.2, 1.3, comma-separated; not " + version),
            };
#pragma warning restore SYSLIB0039
        }

        return protocols == SslProtocols.None ? throw new UsageException("--tls needs at least one version") : protocols;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new UsageException(args[i] + " needs a value");
        }

        return args[++i];
    }
}
