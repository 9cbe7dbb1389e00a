using CloudI.Configuration;
using Microsoft.Extensions.Logging;

namespace CloudI.Runtime;

/// <summary>
/// <c>count_process_dynamic</c> (§8): every period the request rate is compared with the
/// configured maximum and minimum and the number of processes raised or lowered within
/// [count_min, count_max] (floats multiply <c>count_process</c>). Surplus processes stop taking
/// requests at once and terminate once idle; every process sees the new count.
/// </summary>
internal sealed partial class ServiceInstance
{
    private Timer? _dynamic;
    private long _requests;
    private long _requestsAtLastCheck;
    private int _adjusting;

    /// <summary>Counts one handled request for the rate.</summary>
    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Runs one adjustment now (the timer's work; tests call it directly).</summary>
    public async Task AdjustProcessCountAsync()
    {
        if (Config.Options.CountProcessDynamic is not { } dynamic || Interlocked.Exchange(ref _adjusting, 1) != 0)
        {
            return;
        }

        try
        {
            long requests = Interlocked.Read(ref _requests);
            double rate = (requests - _requestsAtLastCheck) / dynamic.PeriodSeconds;
            _requestsAtLastCheck = requests;
            int current = ProcessCount;
            int desired = DesiredCount(dynamic, current, rate);
            if (desired > current)
            {
                await GrowAsync(desired, rate).ConfigureAwait(false);
            }
            else if (desired < current)
            {
                await ShrinkAsync(desired, rate).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _adjusting, 0);
        }
    }

    /// <summary>The process count for a measured rate, bounded by count_min and count_max.</summary>
    internal int DesiredCount(CountProcessDynamic dynamic, int current, double rate)
    {
        int max = Math.Max(1, dynamic.CountMax.Resolve(BaseProcessCount));
        int min = Math.Max(1, Math.Min(max, dynamic.CountMin.Resolve(BaseProcessCount)));
        int desired = current;
        if (rate > dynamic.RateRequestMax)
        {
            desired = (int)Math.Ceiling(current * rate / dynamic.RateRequestMax);
        }
        else if (rate < dynamic.RateRequestMin)
        {
            desired = (int)Math.Ceiling(current * rate / dynamic.RateRequestMin);
        }

        return Math.Clamp(desired, min, max);
    }

    private void StartDynamicCount()
    {
        if (Config.Options.CountProcessDynamic is { } dynamic)
        {
            TimeSpan period = TimeSpan.FromSeconds(dynamic.PeriodSeconds);
            _dynamic = new Timer(_ => _ = AdjustProcessCountAsync(), null, period, period);
        }
    }

    private void StopDynamicCount() => _dynamic?.Dispose();

    private async Task GrowAsync(int desired, double rate)
    {
        int first;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            first = _slots.Count;
            while (_slots.Count < desired)
            {
                _slots.Add(NewSlot());
            }
        }

        _log.LogInformation("service {Module} ({Id}): {Rate:F0} requests/s, processes {From} -> {To}",
            Config.Module, Id, rate, first, desired);
        for (int index = first; index < desired; index++)
        {
            if (await StartSlotAsync(index).ConfigureAwait(false) is { } failure)
            {
                _log.LogError(failure, "service {Module} ({Id}): added process {Index} failed to start",
                    Config.Module, Id, index);
            }
        }

        UpdateCounts();
    }

    private async Task ShrinkAsync(int desired, double rate)
    {
        List<InternalServiceProcess> surplus = [];
        int from;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            from = _slots.Count;
            for (int index = _slots.Count - 1; index >= desired; index--)
            {
                if (_slots[index].Process is { } process)
                {
                    surplus.Add(process);
                }

                _slots.RemoveAt(index);
            }
        }

        _log.LogInformation("service {Module} ({Id}): {Rate:F0} requests/s, processes {From} -> {To}",
            Config.Module, Id, rate, from, desired);
        UpdateCounts();

        // No new requests reach a retiring process; it finishes what it holds, then terminates.
        foreach (InternalServiceProcess process in surplus)
        {
            process.Dispatcher.Table.RemoveSubscriber(process.Dispatcher);
        }

        await Task.WhenAll(surplus.Select(RetireAsync)).ConfigureAwait(false);
    }

    private async Task RetireAsync(InternalServiceProcess process)
    {
        long deadline = Clock.AfterMs(Clock.Now, Config.TimeoutTerminate);
        while (!process.IsIdle && !process.IsDead && Clock.Now < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        process.Kill();
        await TerminateAsync(process, "count_process_dynamic").ConfigureAwait(false);
    }

    private void UpdateCounts()
    {
        int count = ProcessCount;
        foreach (InternalServiceProcess process in Processes)
        {
            process.Dispatcher.ProcessCount = count;
        }
    }
}
