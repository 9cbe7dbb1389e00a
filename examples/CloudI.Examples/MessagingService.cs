using System.Globalization;
using System.Text;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Examples;

/// <summary>
/// The C# rendition of CloudI's messaging integration test (<c>cloudi_service_test_messaging</c>),
/// meant for <c>count_process</c> 4 under the prefix <c>/tests/messaging/</c>. Every process
/// subscribes the precedence patterns, <c>e</c> eight times, <c>f1</c>/<c>f2</c> (a forward chain),
/// <c>g1</c>, <c>null</c> and <c>silent</c>; process 0 also subscribes <c>run</c> (and <c>run/get</c>, for an HTTP front).
/// </summary>
/// <remarks>
/// A request to <c>{prefix}run</c> makes process 0 run every sequence (see
/// <see cref="MessagingSequences"/> and <see cref="MessagingActivePhase"/>) and answer
/// <c>ok</c>, or <c>failed: …</c> naming the first difference from CloudI's behaviour. Runs
/// requested while one is in progress wait their turn. No arguments are accepted.
/// </remarks>
public sealed class MessagingService : CloudIService
{
    private readonly Queue<ServiceRequest> _queued = new();
    private string _prefix = "/";
    private int _eState;
    private bool _useRecvAsyncs;
    private int _runs;
    private MessagingActivePhase? _active;

    /// <inheritdoc />
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        ServiceArgs.Parse(args);
        _prefix = prefix;
        foreach (string pattern in MessagingPrecedence.Patterns)
        {
            dispatcher.Subscribe(pattern);
        }

        for (int k = 0; k < MessagingSequences.ECount; k++)
        {
            dispatcher.Subscribe("e");
        }

        Require(dispatcher.SubscribeCount("e") == MessagingSequences.ECount, "subscribe_count(e) is not 8");
        foreach (string pattern in (string[])["f1", "f2", "g1", "null", "silent"])
        {
            dispatcher.Subscribe(pattern);
        }

        CheckUnsubscribe(dispatcher);
        if (dispatcher.ProcessIndex == 0)
        {
            dispatcher.Subscribe("run");

            // The name an HTTP front gives GET {prefix}run.
            dispatcher.Subscribe("run/get");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(dispatcher);
        string suffix = request.Pattern[_prefix.Length..];
        string text = Encoding.UTF8.GetString(request.Request.Span);
        switch (suffix)
        {
            case "run" or "run/get":
                _queued.Enqueue(request);
                await StartQueuedRunsAsync(dispatcher).ConfigureAwait(false);
                return RequestResult.NoReply;

            case "e":
                // CloudI's sequence2 states: answers 1…8 in turn, per process.
                _eState = (_eState % MessagingSequences.ECount) + 1;
                return RequestResult.Reply(_eState.ToString(CultureInfo.InvariantCulture));

            case "f1":
                int f1 = int.Parse(text, CultureInfo.InvariantCulture);
                return f1 == 4
                    ? RequestResult.Reply(
                        KeyValueInfo.Encode(("timeout", request.Timeout.ToString(CultureInfo.InvariantCulture))),
                        "done"u8.ToArray())
                    : RequestResult.Forward(_prefix + "f2", default, Number(f1 + 2)); // two steps forward

            case "f2":
                // The same hop as a RequestResult.Forward, through the dispatcher's forward call.
                return dispatcher.Forward(request.Type, _prefix + "f1", default,
                    Number(int.Parse(text, CultureInfo.InvariantCulture) - 1), // one step back
                    request.Timeout, request.Priority, request.TransId, request.Source);

            case "g1":
                return RequestResult.Reply(text + "suffix");

            case "null":
                return RequestResult.Reply(default, default);

            case "silent":
                return RequestResult.NoReply;

            default:
                if (!MessagingPrecedence.Patterns.Contains(suffix))
                {
                    throw new InvalidOperationException($"unexpected pattern {request.Pattern}");
                }

                return RequestResult.Reply(MessagingPrecedence.Answer(suffix, text));
        }
    }

    /// <inheritdoc />
    public override async ValueTask HandleInfoAsync(object message, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        if (_active is not { } active)
        {
            return;
        }

        switch (message)
        {
            case ReturnAsyncActive response:
                active.Received(response);
                break;
            case TimeoutAsyncActive timeout:
                active.TimedOut(timeout);
                break;
            case MessagingActiveDeadline deadline when deadline.Run == active.Number:
                active.Expire();
                break;
        }

        if (active.IsComplete)
        {
            _active = null;
            dispatcher.Return(active.Request, default, Encoding.UTF8.GetBytes(active.Result()));
            await StartQueuedRunsAsync(dispatcher).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs queued <c>run</c> requests until one is waiting for its active phase: the synchronous
    /// sequences here, the active outcomes later in the info handler.
    /// </summary>
    private async Task StartQueuedRunsAsync(ServiceDispatcher d)
    {
        while (_active is null && _queued.TryDequeue(out ServiceRequest? request))
        {
            int number = ++_runs;
            string phase = "start";
            try
            {
                MessagingCheck.True(d.ProcessCount >= 2, $"count_process is {d.ProcessCount}; the messaging test needs at least 2");
                phase = "sequence1 (precedence, recv_async)";
                await MessagingSequences.PrecedenceAsync(d, _prefix).ConfigureAwait(false);
                phase = "sequence2 (mcast_async)";
                _useRecvAsyncs = !_useRecvAsyncs;
                await MessagingSequences.McastAsync(d, _prefix, _useRecvAsyncs).ConfigureAwait(false);
                phase = "sequence3 (forward)";
                await MessagingSequences.ForwardAsync(d, _prefix).ConfigureAwait(false);
                phase = "lookup (get_pid, sender exclusion)";
                await MessagingSequences.LookupAsync(d, _prefix).ConfigureAwait(false);
                phase = "active (send_async_active, mcast_async_active)";
                var active = new MessagingActivePhase(request, number, _prefix, d.ProcessCount - 1);
                await active.StartAsync(d).ConfigureAwait(false);
                _active = active;
                _ = Task.Delay(MessagingActivePhase.DeadlineMs)
                    .ContinueWith(_ => d.SendInfo(new MessagingActiveDeadline(number)), TaskScheduler.Default);
            }
            catch (Exception e)
            {
                string what = e is MessagingCheckException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                d.Return(request, default, Encoding.UTF8.GetBytes($"failed: {phase}: {what}"));
            }
        }
    }

    /// <summary>subscribe ×2, unsubscribe ×2 (the newest entry first), and a third unsubscribe that must fail.</summary>
    private static void CheckUnsubscribe(ServiceDispatcher d)
    {
        d.Subscribe("tmp");
        d.Subscribe("tmp");
        Require(d.SubscribeCount("tmp") == 2, "subscribe_count(tmp) is not 2");
        d.Unsubscribe("tmp");
        Require(d.SubscribeCount("tmp") == 1, "subscribe_count(tmp) is not 1 after unsubscribe");
        d.Unsubscribe("tmp");
        Require(d.SubscribeCount("tmp") == 0, "subscribe_count(tmp) is not 0 after unsubscribe");
        try
        {
            d.Unsubscribe("tmp");
        }
        catch (InvalidOperationException)
        {
            return;
        }

        throw new InvalidOperationException("unsubscribing a pattern not subscribed did not fail");
    }

    private static void Require(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }

    private static byte[] Number(int value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
