namespace HarpCaller.Client;

/// <summary>Where the dispatcher is and how long the client waits for it.</summary>
public sealed record HarpCallerClientOptions
{
    /// <summary>The dispatcher's client protocol port when none is given.</summary>
    public const int DefaultPort = 3502;

    /// <summary>Dispatcher host name or IP address (loopback by default: the dispatcher's usual place).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Dispatcher client protocol port.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Longest time to establish the TCP connection; a live dispatcher accepts at once.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For requests that do not wait (submit, status, cancel, result without waiting, page-wise
    /// reads): longest time for writing the request and for each reply line to arrive. A submit is
    /// answered once the job is durably stored, which is quick, so 30 s means the dispatcher is stuck.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For requests that wait for the job (result with waiting, follow): longest silence between two
    /// reply lines. A job may queue and then run up to the dispatcher's max_exec_time (600 s by default)
    /// in silence, so the default is an hour; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Longest reply line accepted. Results and packets are the daemon's data and may be large, but a
    /// bound keeps a runaway reply from exhausting memory; 64 MiB is far above any sane result.
    /// </summary>
    public int MaxReplyLineBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Clock for the timeouts (tests substitute a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every member; called by the client's constructor.</summary>
    /// <exception cref="ArgumentException">A member is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host, nameof(Host));
        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "The port must be in 1..65535.");
        }

        CheckTimeout(ConnectTimeout, nameof(ConnectTimeout));
        CheckTimeout(RequestTimeout, nameof(RequestTimeout));
        CheckTimeout(WaitTimeout, nameof(WaitTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplyLineBytes, 64, nameof(MaxReplyLineBytes));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timeout must be positive or infinite.");
        }
    }
}
