using System.Text;

namespace HarpCaller.Tests.Logging;

/// <summary>
/// A thread-safe <see cref="TextWriter"/> keeping complete lines; optionally the first write
/// blocks until <see cref="Release"/>, to stand for a stuck standard output.
/// </summary>
internal sealed class LineCollector(bool blockFirstWrite = false) : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _lines = [];
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _released = new(!blockFirstWrite);

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate) return [.. _lines];
        }
    }

    /// <summary>Waits until a write is in progress (blocked, when blocking).</summary>
    public bool WaitEntered(TimeSpan timeout) => _entered.Wait(timeout);

    public void Release() => _released.Set();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        _entered.Set();
        _released.Wait();
        lock (_gate)
        {
            foreach (var c in value ?? string.Empty)
            {
                if (c == '\n')
                {
                    _lines.Add(_partial.ToString());
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(c);
                }
            }
        }
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _entered.Dispose();
            _released.Dispose();
        }

        base.Dispose(disposing);
    }
}
