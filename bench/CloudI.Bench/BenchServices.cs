using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Bench;

/// <summary>Answers every request with its own body.</summary>
public sealed class EchoService : CloudIService
{
    /// <inheritdoc />
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        dispatcher.Subscribe("echo");
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.Reply(request.Request));
}

/// <summary>
/// A load-generating service: on a <c>run</c> request each process loops over the scenario
/// named in the request for the given time and answers with its count; latencies go to
/// <see cref="Recorder"/>.
/// </summary>
public sealed class DriverService : CloudIService
{
    /// <summary>Where every process records its round trips.</summary>
    public static Recorder Recorder { get; set; } = new();

    /// <summary>Requests per send_async batch.</summary>
    public static int Batch { get; set; } = 64;

    /// <inheritdoc />
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        dispatcher.Subscribe("run");
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        string[] parts = System.Text.Encoding.UTF8.GetString(request.Request.Span).Split(':');
        string scenario = parts[0];
        long until = System.Diagnostics.Stopwatch.GetTimestamp()
            + (long.Parse(parts[1]) * System.Diagnostics.Stopwatch.Frequency / 1000);
        byte[] body = new byte[32];
        long count = scenario switch
        {
            "sync" => await RunSync(dispatcher, body, until),
            "async" => await RunAsync(dispatcher, body, until),
            "mcast" => await RunMcast(dispatcher, body, until),
            _ => throw new ArgumentException(scenario),
        };
        return RequestResult.Reply(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<long> RunSync(ServiceDispatcher d, byte[] body, long until)
    {
        var latencies = Recorder.NewSeries();
        long count = 0;
        while (true)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            if (start >= until)
            {
                return count;
            }

            SendSyncResult result = await d.SendSync("/bench/echo", default, body, 5000);
            if (!result.IsOk)
            {
                Recorder.Failed();
                continue;
            }

            latencies.Add(System.Diagnostics.Stopwatch.GetTimestamp() - start);
            count++;
        }
    }

    private static async Task<long> RunAsync(ServiceDispatcher d, byte[] body, long until)
    {
        var latencies = Recorder.NewSeries();
        var ids = new Transactions.TransId[Batch];
        long count = 0;
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int k = 0; k < ids.Length; k++)
            {
                ids[k] = (await d.SendAsync("/bench/echo", default, body, 5000)).Value;
            }

            CloudIResult<IReadOnlyList<RecvAsyncResult>> all = await d.RecvAsyncs(5000, ids);
            foreach (RecvAsyncResult r in all.Value)
            {
                if (r.Response.IsEmpty)
                {
                    Recorder.Failed();
                }
            }

            latencies.Add(System.Diagnostics.Stopwatch.GetTimestamp() - start);
            count += ids.Length;
        }

        return count;
    }

    private static async Task<long> RunMcast(ServiceDispatcher d, byte[] body, long until)
    {
        var latencies = Recorder.NewSeries();
        long count = 0;
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            CloudIResult<IReadOnlyList<Transactions.TransId>> ids = await d.McastAsync("/bench/echo", default, body, 5000);
            CloudIResult<IReadOnlyList<RecvAsyncResult>> all = await d.RecvAsyncs(5000, ids.Value);
            foreach (RecvAsyncResult r in all.Value)
            {
                if (r.Response.IsEmpty)
                {
                    Recorder.Failed();
                }
            }

            latencies.Add(System.Diagnostics.Stopwatch.GetTimestamp() - start);
            count += ids.Value.Count;
        }

        return count;
    }
}
