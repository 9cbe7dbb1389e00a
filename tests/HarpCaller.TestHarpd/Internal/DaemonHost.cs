using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>Runs a <see cref="TestHarpd"/> as the executable's main job until asked to stop.</summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(CommandLineOptions options)
    {
        (X509Certificate2 certificate, X509Certificate2Collection? chain) = GetCertificate(options);
        if (options.WriteCertificatePath is not null)
        {
            TestCertificates.WriteCertificatePem(options.WriteCertificatePath, [certificate, .. chain ?? []]);
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => RequestStop(context, stop));
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => RequestStop(context, stop));

        var harpdOptions = new TestHarpdOptions
        {
            BindAddress = options.BindAddress,
            Port = options.Port,
            Certificate = certificate,
            IntermediateCertificates = chain,
            Protocols = options.Protocols,
            PythonStyleJson = !options.CompactJson,
            SendCloseNotify = !options.NoCloseNotify,
            Trace = options.Verbose ? Console.Error.WriteLine : null,
        };
        if (options.Users.Count > 0)
        {
            harpdOptions = harpdOptions with { Users = options.Users };
        }

        await using TestHarpd harpd = await TestHarpd.StartAsync(harpdOptions).ConfigureAwait(false);

        // The one line a parent process waits for; everything else goes to stderr.
        Console.Out.WriteLine($"listening {harpd.Port}");
        Console.Out.Flush();

        if (options.ExitOnStdinEof)
        {
            WatchStdin(stop);
        }

        await stop.Task.ConfigureAwait(false);
        return 0;
    }

    private static (X509Certificate2 Certificate, X509Certificate2Collection? Chain) GetCertificate(CommandLineOptions options)
    {
        if (options.CertificatePath is not null)
        {
            X509Certificate2 leaf = TestCertificates.LoadFromPemFiles(options.CertificatePath, options.KeyPath!);
            X509Certificate2Collection all = TestCertificates.LoadCertificatesPem(options.CertificatePath);
            var chain = new X509Certificate2Collection();
            for (int i = 1; i < all.Count; i++)
            {
                chain.Add(all[i]);
            }

            return (leaf, chain.Count > 0 ? chain : null);
        }

        if (options.WriteCaPath is not null)
        {
            X509Certificate2 ca = TestCertificates.CreateCa("HarpCaller test CA");
            TestCertificates.WriteCertificatePem(options.WriteCaPath, ca);
            return (TestCertificates.CreateLeaf("harpd.test", ca), null);
        }

        return (TestCertificates.CreateSelfSigned("harpd.test"), null);
    }

    private static void RequestStop(PosixSignalContext context, TaskCompletionSource stop)
    {
        context.Cancel = true; // we shut down in order ourselves
        stop.TrySetResult();
    }

    private static void WatchStdin(TaskCompletionSource stop)
    {
        // A blocking read on a background thread: console input has no truly asynchronous read,
        // and a background thread cannot keep the process alive.
        var thread = new Thread(() =>
        {
            using Stream input = Console.OpenStandardInput();
            byte[] buffer = new byte[256];
            try
            {
                while (input.Read(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
                // A broken stdin counts as closed.
            }

            stop.TrySetResult();
        })
        {
            IsBackground = true,
            Name = "stdin watch",
        };
        thread.Start();
    }
}
