using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.Tests.Runtime;

/// <summary>
/// Where a mailbox goes on with its queue after a request delivered inline (on the sender's
/// thread): where the handler's wait ended when it waited; on the pool when it finished at once
/// on the sender's thread, unless handing over is cheap (an external thread's SEND write).
/// </summary>
public sealed class MailboxHandOverTests : RuntimeTestBase
{
    [Fact]
    public async Task AfterAWaitingHandler_TheNextRequestRunsWhereTheWaitEnded()
    {
        var mailbox = new RecordingMailbox(cheap: false);
        var gate = new TaskCompletionSource(); // continuations run on the completing thread
        mailbox.Handlers["first"] = () => new ValueTask(gate.Task);
        mailbox.SetReady();

        mailbox.Deliver(Request("first"), inline: true);
        mailbox.Deliver(Request("second"), inline: true); // busy: queued
        Assert.Equal(["first"], mailbox.Started.Select(s => s.Name));

        var completer = new Thread(() => gate.SetResult()) { Name = "completer" };
        completer.Start();
        completer.Join();

        (string name, Thread thread, bool pool) = await mailbox.WaitStarted(2);
        Assert.Equal("second", name);
        Assert.Same(completer, thread);
        Assert.False(pool);
    }

    [Fact]
    public async Task AfterAnImmediateHandler_TheRestMovesToThePool()
    {
        var mailbox = new RecordingMailbox(cheap: false);
        mailbox.Handlers["first"] = () =>
        {
            mailbox.Deliver(Request("second"), inline: true); // busy: queued behind the running one
            return ValueTask.CompletedTask;
        };
        mailbox.SetReady();

        RunOnDedicatedThread(() => mailbox.Deliver(Request("first"), inline: true), out Thread sender);

        (string name, Thread thread, bool pool) = await mailbox.WaitStarted(2);
        Assert.Equal("second", name);
        Assert.NotSame(sender, thread);
        Assert.True(pool);
    }

    [Fact]
    public async Task WhenHandingOverIsCheap_TheSendersThreadStartsTheNextRequestToo()
    {
        var mailbox = new RecordingMailbox(cheap: true);
        mailbox.Handlers["first"] = () =>
        {
            mailbox.Deliver(Request("second"), inline: true);
            return ValueTask.CompletedTask;
        };
        mailbox.SetReady();

        RunOnDedicatedThread(() => mailbox.Deliver(Request("first"), inline: true), out Thread sender);

        (string name, Thread thread, bool pool) = await mailbox.WaitStarted(2);
        Assert.Equal("second", name);
        Assert.Same(sender, thread);
        Assert.False(pool);
    }

    private ServiceRequest Request(string name) =>
        new(RequestType.SendAsync, name, name, default, default, 5000, 0, TransId.Null, Runtime.CreateContext());

    private static void RunOnDedicatedThread(Action action, out Thread thread)
    {
        thread = new Thread(() => action()) { Name = "sender" };
        thread.Start();
        thread.Join();
    }

    private sealed class RecordingMailbox(bool cheap) : ServiceMailbox(ServiceOptions.Default)
    {
        private readonly SemaphoreSlim _started = new(0);

        public Dictionary<string, Func<ValueTask>> Handlers { get; } = [];

        public List<(string Name, Thread Thread, bool Pool)> Started { get; } = [];

        protected override bool HandOverIsCheap => cheap;

        public async Task<(string Name, Thread Thread, bool Pool)> WaitStarted(int count)
        {
            for (int k = 0; k < count; k++)
            {
                Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(5)), "a request did not start");
            }

            lock (Started)
            {
                return Started[count - 1];
            }
        }

        protected override ValueTask HandleRequestAsync(ServiceRequest request)
        {
            lock (Started)
            {
                Started.Add((request.Name, Thread.CurrentThread, Thread.CurrentThread.IsThreadPoolThread));
            }

            _started.Release();
            return Handlers.TryGetValue(request.Name, out Func<ValueTask>? handler) ? handler() : ValueTask.CompletedTask;
        }

        protected override ValueTask HandleInfoAsync(object message) => ValueTask.CompletedTask;

        protected override void OnFailure(Exception? exception, string reason) =>
            throw new InvalidOperationException($"mailbox failed: {reason}", exception);
    }
}
