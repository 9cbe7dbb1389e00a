using System.Globalization;
using System.Text;
using CloudI.Services;
using CloudI.Transactions;
using Erlang.Terms;

namespace CloudI.Examples;

/// <summary>
/// The C# rendition of CloudI's <c>count</c> test service: every process keeps its own count
/// (CloudI's <c>isolated</c> mode) and answers <c>{prefix}{name}/get</c> (stock:
/// <c>/tests/count/csharp/get</c>) with the incremented count as decimal text, wrapping from
/// 4294967295 to 0 like the originals.
/// </summary>
/// <remarks>
/// Arguments: <c>{name, "csharp"}</c> (the default). Two additions show the in-process API:
/// <c>{name}/peek</c> answers the count without incrementing it, and <c>{name}/total</c> asks every
/// sibling process for its count with <c>get_pids</c> + <c>send_async_active</c>, collects the
/// <see cref="ReturnAsyncActive"/> / <see cref="TimeoutAsyncActive"/> messages in the info
/// handler and then answers with the sum (response info <c>processes</c> and <c>missing</c>).
/// </remarks>
public sealed class CounterService : CloudIService
{
    /// <summary>The count after which the originals wrap to 0.</summary>
    public const ulong Max = 4294967295;

    /// <summary>How long a total waits for each sibling.</summary>
    private const uint PeekTimeout = 1000;

    private readonly Dictionary<TransId, CounterTotal> _totals = [];
    private string _get = "";
    private string _peek = "";
    private string _total = "";
    private ulong _count;

    /// <inheritdoc />
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        string name = ServiceArgs.Parse(args, "name").String("name", "csharp");
        _get = name + "/get";
        _peek = name + "/peek";
        _total = name + "/total";
        dispatcher.Subscribe(_get);
        dispatcher.Subscribe(_peek);
        dispatcher.Subscribe(_total);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(dispatcher);
        string suffix = request.Pattern[dispatcher.Prefix.Length..];
        if (suffix == _get)
        {
            _count = _count == Max ? 0 : _count + 1;
            return RequestResult.Reply(Text(_count));
        }

        if (suffix == _peek)
        {
            return RequestResult.Reply(Text(_count));
        }

        if (suffix == _total)
        {
            return await StartTotalAsync(request, dispatcher).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"unexpected pattern {request.Pattern}");
    }

    /// <inheritdoc />
    public override ValueTask HandleInfoAsync(object message, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        (TransId id, ulong? count) = message switch
        {
            ReturnAsyncActive r => (r.TransId, ParseCount(r.Response)),
            TimeoutAsyncActive t => (t.TransId, (ulong?)null),
            _ => (TransId.Null, null),
        };
        if (id.IsNull || !_totals.Remove(id, out CounterTotal? total))
        {
            return ValueTask.CompletedTask;
        }

        _ = count is { } c ? total.Received(id, c) : total.Failed(id);
        if (total.IsComplete)
        {
            Answer(total, dispatcher);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<RequestResult> StartTotalAsync(ServiceRequest request, ServiceDispatcher dispatcher)
    {
        var total = new CounterTotal(request, _count);
        string peek = dispatcher.Prefix + _peek;

        // get_pids excludes this process: the destinations are exactly the siblings' subscriptions.
        CloudIResult<IReadOnlyList<ServiceDestination>> siblings =
            await dispatcher.GetPids(peek, ServiceDispatcher.Immediate).ConfigureAwait(false);
        foreach (ServiceDestination sibling in siblings.IsOk ? siblings.Value : [])
        {
            CloudIResult<TransId> sent = await dispatcher.SendAsyncActive(peek, default, "peek"u8.ToArray(),
                PeekTimeout, destination: sibling).ConfigureAwait(false);
            if (sent.IsOk)
            {
                total.Expect(sent.Value);
                _totals[sent.Value] = total;
            }
        }

        if (total.IsComplete)
        {
            return Reply(total);
        }

        // The outcomes arrive at the info handler, after this handler returned.
        return RequestResult.NoReply;
    }

    private static void Answer(CounterTotal total, ServiceDispatcher dispatcher)
    {
        RequestResult reply = Reply(total);
        dispatcher.Return(total.Request, reply.ResponseInfo, reply.Response);
    }

    private static RequestResult Reply(CounterTotal total) =>
        RequestResult.Reply(
            KeyValueInfo.Encode(("processes", Text(total.Answered)), ("missing", Text(total.Missing))),
            Encoding.UTF8.GetBytes(Text(total.Sum)));

    private static ulong? ParseCount(ReadOnlyMemory<byte> response) =>
        ulong.TryParse(response.Span, NumberStyles.None, CultureInfo.InvariantCulture, out ulong count) ? count : null;

    private static string Text<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
