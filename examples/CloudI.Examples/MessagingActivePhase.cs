using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.Examples;

/// <summary>
/// The active part of a <see cref="MessagingService"/> run: <c>mcast_async_active</c> to
/// <c>e</c>, <c>send_async_active</c> to <c>g1</c>, to a handler that never answers and to one
/// that answers with a null response (short and long timeout). The outcomes reach the info
/// handler as <see cref="ReturnAsyncActive"/> / <see cref="TimeoutAsyncActive"/>; the run's
/// request is answered once each TransId had exactly its expected outcome, or at the deadline.
/// </summary>
internal sealed class MessagingActivePhase(ServiceRequest request, int number, string prefix, int receivers)
{
    /// <summary>How long the phase may take before the missing outcomes are reported.</summary>
    public const int DeadlineMs = 5000;

    private readonly Dictionary<TransId, Expected> _outstanding = [];
    private readonly List<string> _answersOfE = [];
    private readonly List<string> _failures = [];

    private enum Expected
    {
        E,
        G1,
        Timeout,
    }

    /// <summary>The <c>/run</c> request this phase will answer.</summary>
    public ServiceRequest Request { get; } = request;

    /// <summary>The run's number, to match its deadline message.</summary>
    public int Number { get; } = number;

    public bool IsComplete => _outstanding.Count == 0;

    /// <summary>Sends the active requests; a send failure is a check failure.</summary>
    public async Task StartAsync(ServiceDispatcher d)
    {
        IReadOnlyList<TransId> es = MessagingCheck.Ok(
            await d.McastAsyncActive(prefix + "e", default, " "u8.ToArray()), "mcast_async_active e");
        MessagingCheck.Equal(receivers * MessagingSequences.ECount, es.Count, "mcast_async_active e count");
        foreach (TransId id in es)
        {
            _outstanding[id] = Expected.E;
        }

        await Send(d, "g1", "active_", null, Expected.G1);

        // Never answered: the sender's own timer gives timeout_async_active.
        await Send(d, "silent", "x", 300, Expected.Timeout);

        // A null response below response_timeout_immediate_max is discarded (timer again); above
        // it, it is delivered at once as timeout_async_active (spec §5.6, §6, §12).
        await Send(d, "null", "x", 300, Expected.Timeout);
        await Send(d, "null", "x", 25000, Expected.Timeout);
    }

    /// <summary>Records a response; unknown TransIds (an earlier, failed run's) are ignored.</summary>
    public void Received(ReturnAsyncActive message)
    {
        if (!_outstanding.Remove(message.TransId, out Expected expected))
        {
            return;
        }

        string text = System.Text.Encoding.UTF8.GetString(message.Response.Span);
        switch (expected)
        {
            case Expected.E:
                Require(message.Name == prefix + "e" && message.Pattern == prefix + "e",
                    $"return_async_active e: name {message.Name}, pattern {message.Pattern}");
                _answersOfE.Add(text);
                break;
            case Expected.G1:
                Require(text == "active_suffix", $"return_async_active g1: expected active_suffix, got {text}");
                Require(message.Pattern == prefix + "g1", $"return_async_active g1: pattern {message.Pattern}");
                break;
            default:
                _failures.Add($"return_async_active \"{text}\" from {message.Name} where timeout_async_active was expected");
                break;
        }
    }

    /// <summary>Records a timeout; unknown TransIds are ignored.</summary>
    public void TimedOut(TimeoutAsyncActive message)
    {
        if (_outstanding.Remove(message.TransId, out Expected expected) && expected != Expected.Timeout)
        {
            _failures.Add($"timeout_async_active for the {expected} request");
        }
    }

    /// <summary>The deadline passed: whatever is still outstanding is a failure.</summary>
    public void Expire()
    {
        foreach (IGrouping<Expected, TransId> missing in _outstanding.GroupBy(p => p.Value, p => p.Key))
        {
            _failures.Add($"no outcome within {DeadlineMs} ms for {missing.Count()} {missing.Key} request(s)");
        }

        _outstanding.Clear();
    }

    /// <summary>"ok", or what differed.</summary>
    public string Result()
    {
        _answersOfE.Sort(StringComparer.Ordinal);
        string expectedE = string.Join(",", MessagingSequences.ExpectedEAnswers(receivers));
        string gotE = string.Join(",", _answersOfE);
        if (_failures.Count == 0 && gotE != expectedE)
        {
            _failures.Add($"sorted active e answers: expected {expectedE}, got {gotE}");
        }

        return _failures.Count == 0 ? "ok" : "failed: active: " + string.Join("; ", _failures);
    }

    private async Task Send(ServiceDispatcher d, string suffix, string body, uint? timeout, Expected expected)
    {
        TransId id = MessagingCheck.Ok(
            await d.SendAsyncActive(prefix + suffix, default, MessagingSequences.Bytes(body), timeout),
            $"send_async_active {suffix}");
        _outstanding[id] = expected;
    }

    private void Require(bool condition, string failure)
    {
        if (!condition)
        {
            _failures.Add(failure);
        }
    }
}
