using System.Diagnostics;
using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.Executable;

/// <summary>The running <c>cloudi start</c>: its runtime, life-cycle state and stop request.</summary>
internal sealed class RuntimeHost(CloudIRuntime runtime, string? configPath)
{
    private readonly TaskCompletionSource<string> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _contextGate = new(1, 1);
    private ServiceDispatcher? _context;
    private volatile string _state = "starting";

    /// <summary>The runtime.</summary>
    public CloudIRuntime Runtime { get; } = runtime;

    /// <summary>The configuration file, absolute.</summary>
    public string? ConfigPath { get; } = configPath;

    /// <summary>When the process started.</summary>
    public DateTimeOffset StartedAt { get; } = ProcessStart();

    /// <summary><c>starting</c>, <c>running</c> or <c>stopping</c>.</summary>
    public string State => _state;

    /// <summary>Time since the process started.</summary>
    public TimeSpan Uptime => DateTimeOffset.UtcNow - StartedAt is { Ticks: > 0 } t ? t : TimeSpan.Zero;

    /// <summary>Completes with the reason once a stop was requested.</summary>
    public Task<string> StopRequested => _stop.Task;

    /// <summary>True once a stop was requested.</summary>
    public bool IsStopRequested => _stop.Task.IsCompleted;

    /// <summary>Asks the runtime to stop (a signal or the control socket); later requests are ignored.</summary>
    public void RequestStop(string reason) => _stop.TrySetResult(reason);

    /// <summary>All configured services are up.</summary>
    public void SetRunning()
    {
        if (!IsStopRequested)
        {
            _state = "running";
        }
    }

    /// <summary>The stop has begun.</summary>
    public void SetStopping() => _state = "stopping";

    /// <summary>
    /// <c>send_sync</c> from the control socket, through one shared context (a CloudI
    /// <c>cloudi:new</c> context), one request at a time.
    /// </summary>
    public async Task<SendSyncResult> SendSyncAsync(string name, byte[] request, uint timeout, CancellationToken cancellationToken)
    {
        await _contextGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _context ??= Runtime.CreateContext(timeoutSync: timeout);
            return await _context.SendSync(name, default, request, timeout).ConfigureAwait(false);
        }
        finally
        {
            _contextGate.Release();
        }
    }

    private static DateTimeOffset ProcessStart()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return DateTimeOffset.UtcNow;
        }
    }
}
