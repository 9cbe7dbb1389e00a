using HarpCaller.TestHarpd.Internal;
using HarpCaller.TestHarpd.Internal.SelfTest;

namespace HarpCaller.TestHarpd;

/// <summary>
/// The test daemon as a process: the demo harpd, and a TLS 1.0 peer in a process of its own
/// (TLS 1.0 needs OpenSSL configured before the process first uses it).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        CommandLineOptions options;
        try
        {
            options = CommandLineOptions.Parse(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine(CommandLineOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.Out.WriteLine(CommandLineOptions.Usage);
            return 0;
        }

        // First, before anything (certificates included) makes .NET initialise OpenSSL, which
        // reads OPENSSL_CONF only then.
        string? legacyConfig = LegacyTlsOpenSslConfig.IsNeededFor(options.Protocols) && !OperatingSystem.IsWindows()
            ? LegacyTlsOpenSslConfig.ApplyToCurrentProcess()
            : null;
        try
        {
            Task<int> run = options.SelfTest ? SelfTestRunner.RunAsync(options) : DaemonHost.RunAsync(options);
            return run.GetAwaiter().GetResult();
        }
        finally
        {
            if (legacyConfig is not null)
            {
                LegacyTlsOpenSslConfig.DeleteConfigFile(legacyConfig);
            }
        }
    }
}
