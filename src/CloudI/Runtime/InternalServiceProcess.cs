using CloudI.Services;

namespace CloudI.Runtime;

/// <summary>
/// One process of a C# internal service: its <see cref="ICloudIService"/> instance, its
/// dispatcher and its mailbox. Failures go to the owning <see cref="ServiceInstance"/>.
/// </summary>
internal sealed class InternalServiceProcess : ServiceMailbox
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ServiceInstance _owner;
    private Timer? _chaosDay;

    public InternalServiceProcess(ServiceInstance owner, int index, ICloudIService service, DispatcherSettings settings)
        : base(settings.Options)
    {
        _owner = owner;
        Index = index;
        Service = service;
        Dispatcher = new ServiceDispatcher(owner.Runtime, settings, owner.Id, index, owner.ProcessCount, this);
        ScheduleChaosDay();
    }

    public int Index { get; }

    public ICloudIService Service { get; }

    public ServiceDispatcher Dispatcher { get; }

    /// <summary>Cancelled when the process dies; handlers still running should stop.</summary>
    public CancellationToken Stopping => _stopping.Token;

    protected override async ValueTask HandleRequestAsync(ServiceRequest request)
    {
        int latency = Monkey.LatencyMs(Options.MonkeyLatency);
        if (latency > 0)
        {
            await Task.Delay(latency, _stopping.Token).ConfigureAwait(false);
        }

        if (Monkey.StrikesRequest(Options.MonkeyChaos))
        {
            Fail(null, "monkey_chaos");
            return;
        }

        _owner.CountRequest();
        ServiceAspects aspects = _owner.Aspects;
        foreach (RequestBeforeAspect aspect in aspects.RequestBefore)
        {
            await aspect(request, Dispatcher).ConfigureAwait(false);
        }

        RequestResult result = await Service.HandleRequestAsync(request, Dispatcher, _stopping.Token)
            .ConfigureAwait(false);
        foreach (RequestAfterAspect aspect in aspects.RequestAfter)
        {
            await aspect(request, result, Dispatcher).ConfigureAwait(false);
        }

        if (!IsDead)
        {
            Dispatcher.Apply(request, result);
        }
    }

    protected override async ValueTask HandleInfoAsync(object message)
    {
        int latency = Monkey.LatencyMs(Options.MonkeyLatency);
        if (latency > 0)
        {
            await Task.Delay(latency, _stopping.Token).ConfigureAwait(false);
        }

        foreach (InfoAspect aspect in _owner.Aspects.InfoBefore)
        {
            await aspect(message, Dispatcher).ConfigureAwait(false);
        }

        await Service.HandleInfoAsync(message, Dispatcher, _stopping.Token).ConfigureAwait(false);
        foreach (InfoAspect aspect in _owner.Aspects.InfoAfter)
        {
            await aspect(message, Dispatcher).ConfigureAwait(false);
        }
    }

    protected override void OnFailure(Exception? exception, string reason) => _owner.ProcessFailed(this, reason, exception);

    protected override void OnKilled()
    {
        _chaosDay?.Dispose();
        Dispatcher.Kill();
        try
        {
            _stopping.Cancel();
        }
        catch (AggregateException)
        {
            // A handler's cancellation callback threw; the process is gone either way.
        }
    }

    private void ScheduleChaosDay()
    {
        if (Options.MonkeyChaos?.ProbabilityDay is null)
        {
            return;
        }

        TimeSpan? strike = Monkey.NextDayStrike(Options.MonkeyChaos);
        _chaosDay = new Timer(_ =>
        {
            if (strike is not null)
            {
                Fail(null, "monkey_chaos");
            }
            else
            {
                ScheduleChaosDay();
            }
        }, null, strike ?? TimeSpan.FromDays(1), Timeout.InfiniteTimeSpan);
    }
}
