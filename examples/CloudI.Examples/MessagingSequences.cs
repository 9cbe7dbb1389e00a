using System.Globalization;
using System.Text;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.Examples;

/// <summary>
/// The synchronous part of a <see cref="MessagingService"/> run, executed by process 0 inside
/// its handler (CloudI's <c>sequence1</c> … <c>sequence3</c> plus lookup checks). Every step
/// asserts its outcome and throws <see cref="MessagingCheckException"/> on the first difference.
/// </summary>
internal static class MessagingSequences
{
    /// <summary>The <c>e</c> subscriptions per process (round-robin state 1…8).</summary>
    public const int ECount = 8;

    /// <summary>The hops of the f1/f2 forward chain started with "0" (two steps forward, one back, until 4).</summary>
    public const int ForwardHops = 8;

    /// <summary>The timeout of the forward chain's request.</summary>
    public const uint ForwardTimeout = 5000;

    /// <summary>
    /// sequence1: one <c>send_async</c> per precedence case, then per case <c>recv_async</c> by
    /// TransId without consuming, then <c>recv_async</c> with the null TransId, which must give
    /// that same (oldest) response.
    /// </summary>
    public static async Task PrecedenceAsync(ServiceDispatcher d, string prefix)
    {
        var ids = new TransId[MessagingPrecedence.Cases.Count];
        for (int k = 0; k < ids.Length; k++)
        {
            string name = prefix + MessagingPrecedence.Cases[k].Name;
            ids[k] = MessagingCheck.Ok(await d.SendAsync(name, $"test{k + 1}"), $"send_async {name}");
        }

        for (int k = 0; k < ids.Length; k++)
        {
            (string name, string pattern) = MessagingPrecedence.Cases[k];
            RecvAsyncResult peek = await d.RecvAsync(null, ids[k], consume: false);
            MessagingCheck.Ok(peek, $"recv_async({name}, consume=false)");
            MessagingCheck.Equal(ids[k], peek.TransId, $"recv_async({name}) TransId");

            RecvAsyncResult oldest = await d.RecvAsync();
            MessagingCheck.Ok(oldest, $"recv_async(null TransId) after {name}");
            MessagingCheck.Equal(ids[k], oldest.TransId, $"recv_async(null TransId) is the oldest, {name}'s");
            MessagingCheck.Equal(0, oldest.ResponseInfo.Length, $"{name} response info length");
            MessagingCheck.Equal(MessagingPrecedence.Answer(pattern, $"test{k + 1}"), oldest.ResponseText,
                $"{name} answered by");
        }
    }

    /// <summary>
    /// sequence2: <c>mcast_async</c> to the 8-fold <c>e</c>: every other process gets 8 requests
    /// (the sender is excluded) and answers 1…8 in turn, so the sorted answers are 1,1,1,2,2,2…
    /// for 4 processes. Answers are collected with <c>recv_async</c> per TransId or with
    /// <c>recv_asyncs</c>, alternating between runs. Retried like CloudI while siblings start.
    /// </summary>
    public static async Task McastAsync(ServiceDispatcher d, string prefix, bool useRecvAsyncs)
    {
        int expected = (d.ProcessCount - 1) * ECount;
        for (int attempt = 1; ; attempt++)
        {
            CloudIResult<IReadOnlyList<TransId>> sent = await d.McastAsync(prefix + "e", default, " "u8.ToArray());
            IReadOnlyList<TransId> ids = MessagingCheck.Ok(sent, "mcast_async e");
            var answers = new List<string>(ids.Count);
            if (useRecvAsyncs)
            {
                IReadOnlyList<RecvAsyncResult> all = MessagingCheck.Ok(await d.RecvAsyncs(null, ids), "recv_asyncs e");
                MessagingCheck.Equal(ids.Count, all.Count, "recv_asyncs result count");
                for (int k = 0; k < all.Count; k++)
                {
                    MessagingCheck.Equal(ids[k], all[k].TransId, $"recv_asyncs entry {k} TransId");
                    answers.Add(all[k].ResponseText);
                }
            }
            else
            {
                foreach (TransId id in ids)
                {
                    RecvAsyncResult one = await d.RecvAsync(null, id);
                    answers.Add(MessagingCheck.Ok(one, "recv_async e"));
                    MessagingCheck.Equal(id, one.TransId, "recv_async e TransId");
                }
            }

            if (ids.Count == expected)
            {
                answers.Sort(StringComparer.Ordinal);
                MessagingCheck.Equal(string.Join(",", ExpectedEAnswers(d.ProcessCount - 1)), string.Join(",", answers),
                    "sorted e answers");
                return;
            }

            MessagingCheck.True(attempt < 5,
                $"mcast_async e reached {ids.Count} subscriptions, expected {expected} ({d.ProcessCount - 1} processes x {ECount})");

            // Siblings still initialising: sleep as CloudI's test does, with a recv_async that must time out.
            RecvAsyncResult sleep = await d.RecvAsync(1000);
            MessagingCheck.Equal("timeout", sleep.Error, "recv_async while waiting for siblings");
        }
    }

    /// <summary>
    /// sequence3: a request to <c>f1</c> forwarded 8 times between <c>f1</c> and <c>f2</c> (same
    /// TransId, Source answered directly, 100 ms less per hop), then <c>send_sync</c> to <c>g1</c>.
    /// </summary>
    public static async Task ForwardAsync(ServiceDispatcher d, string prefix)
    {
        TransId id = MessagingCheck.Ok(await d.SendAsync(prefix + "f1", "0", ForwardTimeout), "send_async f1");
        RecvAsyncResult done = await d.RecvAsync(null, id);
        MessagingCheck.Equal("done", MessagingCheck.Ok(done, "recv_async f1"), "forward chain f1 answer");
        MessagingCheck.Equal(id, done.TransId, "forward chain TransId");

        string? left = KeyValueInfo.First(KeyValueInfo.Parse(done.ResponseInfo.Span), "timeout");
        MessagingCheck.True(left is not null, "forward chain answer carries no timeout info");
        uint timeout = uint.Parse(left!, CultureInfo.InvariantCulture);
        MessagingCheck.True(timeout <= ForwardTimeout - (ForwardHops * 100),
            $"forward chain: final timeout {timeout} ms, expected at most {ForwardTimeout} - {ForwardHops} x 100");

        string g1 = MessagingCheck.Ok(await d.SendSync(prefix + "g1", "prefix_"), "send_sync g1");
        MessagingCheck.Equal("prefix_suffix", g1, "send_sync g1");
    }

    /// <summary>
    /// Lookups and sender exclusion (spec §3, §12): <c>get_pids</c> lists the other processes'
    /// entries only; <c>get_pid</c> follows precedence; a destination can be used directly; a name
    /// only this process subscribes has no destination (no fallback to the <c>*</c> pattern);
    /// <c>recv_async</c> without consuming; <c>recv_asyncs</c> with a missing response.
    /// </summary>
    public static async Task LookupAsync(ServiceDispatcher d, string prefix)
    {
        IReadOnlyList<ServiceDestination> es =
            MessagingCheck.Ok(await d.GetPids(prefix + "e", ServiceDispatcher.Immediate), "get_pids e");
        MessagingCheck.Equal((d.ProcessCount - 1) * ECount, es.Count, "get_pids e count");
        MessagingCheck.True(es.All(e => !ReferenceEquals(e.Dispatcher, d)), "get_pids e includes the sender");
        MessagingCheck.True(es.All(e => e.Pattern == prefix + "e"), "get_pids e pattern");
        string perProcess = string.Join(",", es.GroupBy(e => e.Dispatcher.ProcessIndex).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}:{g.Count()}"));
        string expected = string.Join(",", Enumerable.Range(0, d.ProcessCount).Where(i => i != d.ProcessIndex)
            .Select(i => $"{i}:{ECount}"));
        MessagingCheck.Equal(expected, perProcess, "get_pids e entries per process index");

        ServiceDestination abc =
            MessagingCheck.Ok(await d.GetPid(prefix + "a/b/c/z", ServiceDispatcher.Immediate), "get_pid a/b/c/z");
        MessagingCheck.Equal(prefix + "a/b/c/*", abc.Pattern, "get_pid a/b/c/z pattern");
        MessagingCheck.True(!ReferenceEquals(abc.Dispatcher, d), "get_pid returned the sender");

        ServiceDestination g1 = MessagingCheck.Ok(await d.GetPid(prefix + "g1"), "get_pid g1");
        string direct = MessagingCheck.Ok(
            await d.SendSync(prefix + "g1", default, "dest_"u8.ToArray(), destination: g1), "send_sync to get_pid's g1");
        MessagingCheck.Equal("dest_suffix", direct, "send_sync to get_pid's g1");

        // Only this process subscribes "run": excluded, and "*" must not be used instead.
        SendSyncResult self = await d.SendSync(prefix + "run", default, "x"u8.ToArray(), ServiceDispatcher.Immediate);
        MessagingCheck.Equal("timeout", self.Error,
            $"send_sync to a name only the sender subscribes (answered \"{self.ResponseText}\")");
        MessagingCheck.True(!(await d.GetPid(prefix + "run", ServiceDispatcher.Immediate)).IsOk,
            "get_pid of a name only the sender subscribes found a destination");

        TransId keep = MessagingCheck.Ok(await d.SendAsync(prefix + "g1", "keep_"), "send_async g1");
        for (int k = 0; k < 2; k++)
        {
            RecvAsyncResult kept = await d.RecvAsync(null, keep, consume: false);
            MessagingCheck.Equal("keep_suffix", MessagingCheck.Ok(kept, "recv_async(consume=false)"),
                $"recv_async(consume=false) #{k + 1}");
        }

        MessagingCheck.Equal("keep_suffix", MessagingCheck.Ok(await d.RecvAsync(null, keep), "recv_async"), "recv_async");
        RecvAsyncResult gone = await d.RecvAsync(0, keep);
        MessagingCheck.Equal("timeout", gone.Error, "recv_async after consuming");
        MessagingCheck.Equal(keep, gone.TransId, "recv_async timeout TransId");

        TransId answered = MessagingCheck.Ok(await d.SendAsync(prefix + "g1", "both_"), "send_async g1");
        TransId silent = MessagingCheck.Ok(await d.SendAsync(prefix + "silent", "x", 300), "send_async silent");
        IReadOnlyList<RecvAsyncResult> both =
            MessagingCheck.Ok(await d.RecvAsyncs(600, [answered, silent]), "recv_asyncs g1+silent");
        MessagingCheck.Equal(2, both.Count, "recv_asyncs count");
        MessagingCheck.Equal("both_suffix", both[0].ResponseText, "recv_asyncs g1");
        MessagingCheck.Equal(silent, both[1].TransId, "recv_asyncs silent TransId");
        MessagingCheck.True(both[1].Response.IsEmpty && both[1].ResponseInfo.IsEmpty,
            "recv_asyncs: the silent request has a response");
    }

    /// <summary>1,1,1,2,2,2,… for <paramref name="receivers"/> processes.</summary>
    public static IEnumerable<string> ExpectedEAnswers(int receivers) =>
        Enumerable.Range(1, ECount).SelectMany(n => Enumerable.Repeat(n.ToString(CultureInfo.InvariantCulture), receivers));

    /// <summary>UTF-8 bytes.</summary>
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
