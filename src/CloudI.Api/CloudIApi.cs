using System.Globalization;
using System.Net.Sockets;
using CloudI.Api.Internal;

namespace CloudI.Api;

/// <summary>
/// One thread's connection to the CloudI runtime (the C# counterpart of cloudi.py's <c>API</c>).
/// Create one per thread, <see cref="ThreadCount"/> in all, each used only from its own thread:
/// calls block like the other languages' libraries and there is no locking. Construction sends
/// <c>init</c> and reads INIT; subscribe, then call <see cref="Poll"/> to serve requests
/// (the time until the first poll is the service's initialisation, bounded by timeout_init).
/// </summary>
public sealed partial class CloudIApi : IDisposable
{
    private readonly Transport _transport;
    private readonly EtfWriter _writer;
    private readonly SubscriptionTable _subscriptions = new();
    private bool _initializationComplete;
    private bool _terminate;
    private bool _disposed;

    /// <summary>
    /// Connects thread <paramref name="threadIndex"/> (0 .. <see cref="ThreadCount"/>−1) through the
    /// socket the runtime passed as file descriptor <c>3 + threadIndex</c>, using
    /// <c>CLOUDI_API_INIT_PROTOCOL</c> and <c>CLOUDI_API_INIT_BUFFER_SIZE</c>, and waits for INIT.
    /// The wire layout is 2.0.x unless <paramref name="options"/> or <c>CLOUDI_API_VERSION=1.5.3</c> say otherwise.
    /// </summary>
    /// <exception cref="CloudIInvalidInputException">Not started by a CloudI runtime (variables missing) or a bad index.</exception>
    /// <exception cref="CloudIMessageDecodingException">The runtime's INIT does not parse.</exception>
    /// <exception cref="CloudITerminateException">The runtime closed the socket or sent TERM before INIT.</exception>
    public CloudIApi(int threadIndex, CloudIApiOptions? options = null)
        : this(OpenThreadSocket(threadIndex), ProtocolFromEnvironment(), BufferSizeFromEnvironment(), options)
    {
    }

    /// <summary>Connects over an already open socket (tests, or a host that made the socket itself).</summary>
    internal CloudIApi(Socket socket, ApiProtocol protocol, int bufferSize, CloudIApiOptions? options)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Protocol = protocol;
        WireVersion = (options ?? new CloudIApiOptions()).ResolveWireVersion();
        _transport = new Transport(socket, protocol == ApiProtocol.Udp, bufferSize);
        _writer = new EtfWriter(lengthPrefix: protocol != ApiProtocol.Udp);
        Send(_writer.Start().Atom(Atoms.Init));
        if (Pump(MessageCode.Init, -1) != PumpResult.Reply)
        {
            throw new CloudITerminateException("the runtime closed the socket or sent TERM before INIT");
        }

        ReadInit();
    }

    /// <summary>The socket type of this thread.</summary>
    public ApiProtocol Protocol { get; }

    /// <summary>The wire layout in use.</summary>
    public ApiWireVersion WireVersion { get; }

    /// <summary>The service's configured prefix: every subscribed pattern is relative to it.</summary>
    public string Prefix { get; private set; } = string.Empty;

    /// <summary>This OS process's index among the service's processes (0-based).</summary>
    public int ProcessIndex { get; private set; }

    /// <summary>How many OS processes the service runs now (updated by REINIT).</summary>
    public int ProcessCount { get; private set; }

    /// <summary>The largest process count (count_process_dynamic), else <see cref="ProcessCount"/>.</summary>
    public int ProcessCountMax { get; private set; }

    /// <summary>The smallest process count (count_process_dynamic), else <see cref="ProcessCount"/>.</summary>
    public int ProcessCountMin { get; private set; }

    /// <summary>The configured initialisation timeout (ms): the time allowed before the first poll.</summary>
    public uint TimeoutInitialize { get; private set; }

    /// <summary>The default timeout (ms) of <see cref="SendAsync"/> and <see cref="McastAsync"/>.</summary>
    public uint TimeoutAsync { get; private set; }

    /// <summary>The default timeout (ms) of <see cref="SendSync"/> and <see cref="RecvAsync"/>.</summary>
    public uint TimeoutSync { get; private set; }

    /// <summary>The time (ms) the service has to exit after TERM (2.0.x: already 500 ms less than configured).</summary>
    public uint TimeoutTerminate { get; private set; }

    /// <summary>The default priority of sends (lower is more urgent).</summary>
    public sbyte PriorityDefault { get; private set; }

    /// <summary>
    /// 2.0.x: a handler exception is fatal (rethrown from <see cref="Poll"/> after its null response
    /// was sent, ending the process as cloudi.py's <c>sys.exit(1)</c> would). Always false for 1.5.3.
    /// </summary>
    public bool FatalExceptions { get; private set; }

    /// <summary>1.5.3: the library reduces an unchanged timeout of return/forward by the handler's run time.</summary>
    public bool RequestTimeoutAdjustment { get; private set; }

    /// <summary>
    /// The number of threads (API objects) this OS process should create, from
    /// <c>CLOUDI_API_INIT_THREAD_COUNT</c>.
    /// </summary>
    /// <exception cref="CloudIInvalidInputException">The variable is missing or not a positive integer.</exception>
    public static int ThreadCount() => PositiveVariable("CLOUDI_API_INIT_THREAD_COUNT");

    /// <summary>Closes this thread's socket (the runtime sees the service thread go).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transport.Dispose();
        }
    }

    private static Socket OpenThreadSocket(int threadIndex)
    {
        if (threadIndex < 0 || threadIndex > 1000)
        {
            throw new CloudIInvalidInputException($"invalid thread index {threadIndex}");
        }

        try
        {
            return new Socket(new SafeSocketHandle(3 + threadIndex, ownsHandle: true));
        }
        catch (SocketException e)
        {
            throw new CloudIInvalidInputException($"file descriptor {3 + threadIndex} is not a CloudI thread socket", e);
        }
    }

    private static ApiProtocol ProtocolFromEnvironment() =>
        Environment.GetEnvironmentVariable("CLOUDI_API_INIT_PROTOCOL") switch
        {
            "local" or "default" => ApiProtocol.Local,
            "tcp" => ApiProtocol.Tcp,
            "udp" => ApiProtocol.Udp,
            null => throw new CloudIInvalidInputException("CLOUDI_API_INIT_PROTOCOL is not set: not started by a CloudI runtime"),
            string other => throw new CloudIInvalidInputException($"CLOUDI_API_INIT_PROTOCOL={other} is not local, tcp or udp"),
        };

    private static int BufferSizeFromEnvironment() => PositiveVariable("CLOUDI_API_INIT_BUFFER_SIZE");

    private static int PositiveVariable(string name)
    {
        string? text = Environment.GetEnvironmentVariable(name);
        if (text is null)
        {
            throw new CloudIInvalidInputException($"{name} is not set: not started by a CloudI runtime");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
        {
            throw new CloudIInvalidInputException($"{name}={text} is not a positive integer");
        }

        return value;
    }

    private void Send(EtfWriter message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _transport.Send(message.Finish());
        }
        catch (SocketException e)
        {
            _terminate = true;
            throw new CloudITerminateException($"the runtime's socket failed ({e.SocketErrorCode})", e);
        }
    }
}
