using HarpCaller.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HarpCaller.Daemon;

/// <summary>Builds the daemon's logging from <c>log_handlers</c>.</summary>
internal static class DaemonLogging
{
    public static ILoggerFactory Create(HarpCallerOptions options, bool debug) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(debug ? LogLevel.Debug : LogLevel.Information);
            // Both handler names of the manual are accepted; harpcaller_stdout_h prints human-readable
            // lines. Until the syslog handler lands (operations issue), everything goes to stdout, which
            // a foreground daemon under systemd ends up sending to the journal anyway.
            builder.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                console.UseUtcTimestamp = true;
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        });
}
