using System.Diagnostics;
using System.Text;
using CloudI.Services;

namespace CloudI.Http.Tests;

/// <summary>
/// The front handles a request on the thread its socket completion ran on, and a send_sync may
/// run an idle service's handler on that thread too: a handler that blocks must still not hold
/// up other connections.
/// </summary>
public sealed class BlockingServiceTests : FrontTestBase
{
    [Fact]
    public async Task A_blocking_handler_does_not_delay_other_connections()
    {
        using var release = new ManualResetEventSlim();
        await Backend("/slow/", new Behaviour
        {
            Subscribe = ["*"],
            Handle = r =>
            {
                // Deliberately synchronous: the worst a service can do to its caller's thread.
                release.Wait(TimeSpan.FromSeconds(10));
                return new(RequestResult.Reply(default, Encoding.UTF8.GetBytes("slow")));
            },
        });
        await Backend("/fast/", new Behaviour { Subscribe = ["*"] });
        await StartFront();

        Task<string> slow = Client.GetStringAsync("/slow/x");
        await Task.Delay(200);
        Assert.False(slow.IsCompleted);

        var watch = Stopwatch.StartNew();
        using var content = new StringContent("quick");
        HttpResponseMessage fast = await Client.PostAsync("/fast/y", content);
        Assert.Equal("quick", await fast.Content.ReadAsStringAsync());
        Assert.True(watch.ElapsedMilliseconds < 5000, $"{watch.ElapsedMilliseconds} ms");
        Assert.False(slow.IsCompleted);

        release.Set();
        Assert.Equal("slow", await slow);
    }
}
