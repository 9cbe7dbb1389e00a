using System.Threading.Channels;

namespace HarpCaller.Logging;

/// <summary>
/// A bounded queue of finished lines and one long-running task writing them out. Callers never
/// wait: a line that does not fit is dropped and counted. Subclasses write under <see cref="Gate"/>.
/// </summary>
internal abstract class BackgroundLineWriter : IDisposable
{
    // Lines written between two flushes at most, so a steady stream still reaches the target.
    private const int BatchSize = 256;

    private readonly Channel<string> _queue;
    private readonly string _name;
    private readonly TextWriter? _error;
    private readonly TimeSpan _disposeTimeout;
    private Task? _pump;
    private long _dropped;
    private int _warned;
    private int _disposed;

    protected BackgroundLineWriter(string name, LogQueueOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        _name = name;
        _error = options.Error;
        _disposeTimeout = options.DisposeTimeout;
        _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // only TryWrite is used: full means dropped
        });
    }

    /// <summary>Held while lines are written and while the target is swapped or closed.</summary>
    protected Lock Gate { get; } = new();

    /// <summary>Lines dropped: queue full, or the target failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a line; never blocks.</summary>
    public void Enqueue(string line)
    {
        if (!_queue.Writer.TryWrite(line) && Volatile.Read(ref _disposed) == 0)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Starts the writing task; called by the subclass once it is fully constructed.</summary>
    protected void Start() =>
        _pump = Task.Factory.StartNew(Pump, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Writes one line to the target (under <see cref="Gate"/>).</summary>
    protected abstract void WriteLine(string line);

    /// <summary>Flushes the target (under <see cref="Gate"/>).</summary>
    protected abstract void Flush();

    /// <summary>Releases the target (under <see cref="Gate"/>) after the queue was written.</summary>
    protected virtual void Close()
    {
    }

    /// <summary>Counts a lost line and reports the first failure on standard error.</summary>
    protected void ReportFailure(Exception exception)
    {
        Interlocked.Increment(ref _dropped);
        Warn($"{exception.GetType().Name}: {exception.Message}");
    }

    /// <summary>Writes <paramref name="what"/> once per sink to standard error.</summary>
    protected void Warn(string what)
    {
        if (Interlocked.Exchange(ref _warned, 1) != 0) return;
        try
        {
            var error = _error ?? Console.Error;
            error.WriteLine($"harpcallerd: {_name}: {what}; log lines are dropped while this lasts");
            error.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nowhere left to complain to.
        }
    }

    private void Pump()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            lock (Gate)
            {
                for (var written = 0; written < BatchSize && reader.TryRead(out var line); written++)
                {
                    try
                    {
                        WriteLine(line);
                    }
                    catch (Exception e)
                    {
                        // Whatever the target does, the pump goes on: a dead pump would lose every later line.
                        ReportFailure(e);
                    }
                }

                try
                {
                    Flush();
                }
                catch (Exception e)
                {
                    Warn($"{e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    /// <summary>Writes what is queued (bounded by the dispose timeout), then closes the target.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        if (_pump is not null)
        {
            try
            {
                _pump.Wait(_disposeTimeout);
            }
            catch (AggregateException)
            {
                // The pump catches its own failures; nothing to add here.
            }
        }

        lock (Gate)
        {
            Close();
        }
    }
}
