using HarpCaller.Jobs;

namespace HarpCaller.Dispatching;

/// <summary>
/// A named queue (spec 1.9): FIFO, concurrency fixed by the call that created it, gone when
/// its last job has ended. Guarded by the dispatcher's queue lock.
/// </summary>
internal sealed class JobQueue(string key, string nameJson, int concurrency)
{
    public string Key { get; } = key;

    /// <summary>The name as the creating call wrote it.</summary>
    public string NameJson { get; } = nameJson;

    public int Concurrency { get; } = concurrency;

    public Queue<ActiveJob> Waiting { get; } = new();

    public List<ActiveJob> Running { get; } = [];

    /// <summary>Jobs being stored that will join this queue once they are.</summary>
    public int Reserved { get; set; }

    public bool IsEmpty => Waiting.Count == 0 && Running.Count == 0 && Reserved == 0;
}
