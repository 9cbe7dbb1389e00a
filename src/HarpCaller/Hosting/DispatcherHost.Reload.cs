using HarpCaller.Configuration;
using HarpCaller.Daemon;
using HarpCaller.Hosts;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Hosting;

/// <summary>Configuration reload: what changes live, and what waits for a restart.</summary>
public sealed partial class DispatcherHost
{
    /// <summary>
    /// Applies a new configuration to the running dispatcher: timeouts, <c>max_age</c>, client
    /// limits, the hosts registry settings, the certificate files and the TLS versions offered to
    /// harpd take effect for what starts from now on. Returns the changed keys that need a
    /// restart (<c>listen</c>, <c>stream_directory</c>, <c>host_db</c>, and a move to TLS 1.0/1.1
    /// when the process did not start with them); those keep their running values.
    /// </summary>
    /// <exception cref="ArgumentException">The new settings are out of range; nothing was applied.</exception>
    public IReadOnlyList<string> Reconfigure(HarpCallerOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var old = Options;
        var restart = new List<string>();
        if (!options.Listen.SequenceEqual(old.Listen))
        {
            restart.Add("listen");
            options = options with { Listen = old.Listen };
        }
        if (!SamePath(options.StreamDirectory, old.StreamDirectory))
        {
            restart.Add("stream_directory");
            options = options with { StreamDirectory = old.StreamDirectory };
        }
        if (!SamePath(options.HostDb, old.HostDb))
        {
            restart.Add("host_db");
            options = options with { HostDb = old.HostDb };
        }
        if (options.HarpdTlsMinVersion is HarpdTlsVersion.Tls10 or HarpdTlsVersion.Tls11
            && old.HarpdTlsMinVersion is not (HarpdTlsVersion.Tls10 or HarpdTlsVersion.Tls11)
            && !LegacyTlsSupport.IsEnabled)
        {
            // OpenSSL read its configuration when the process first used TLS: too late now.
            restart.Add("harpd_tls_min_version");
            options = options with { HarpdTlsMinVersion = old.HarpdTlsMinVersion };
        }

        // Validated before anything changes, so a bad value leaves the old configuration whole.
        var hostsOptions = HostsRegistryOptions.FromConfiguration(options);
        hostsOptions.Validate();

        Volatile.Write(ref _connectorSettings, BuildConnectorSettings(options, loggerFactory));
        _clients.Limits = options.ClientLimits;
        _hosts.Reconfigure(hostsOptions);
        Volatile.Write(ref _options, options);
        LogReconfigured(_logger, restart.Count == 0 ? "none" : string.Join(", ", restart));
        return restart;
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "configuration reloaded; changes that need a restart: {Restart}")]
    private static partial void LogReconfigured(ILogger logger, string restart);
}
