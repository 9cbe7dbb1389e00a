using System.Diagnostics;
using System.Text;
using CloudI.Configuration;
using CloudI.Services;
using RuntimeTransId = CloudI.Transactions.TransId;

namespace CloudI.Api.Tests.Integration;

/// <summary>The example external service (dotnet CloudI.ExternalExample.dll) under a real CloudIRuntime.</summary>
[Collection("External")]
public sealed class ExampleServiceTests : RuntimeTestBase
{
    private const string Prefix = "/tests/external/";

    [Theory]
    [InlineData(ExternalProtocol.Local, 1)]
    [InlineData(ExternalProtocol.Local, 4)]
    [InlineData(ExternalProtocol.Tcp, 1)]
    [InlineData(ExternalProtocol.Tcp, 4)]
    [InlineData(ExternalProtocol.Udp, 1)]
    [InlineData(ExternalProtocol.Udp, 4)]
    public async Task Send_sync_reaches_every_thread(ExternalProtocol protocol, int threads)
    {
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix, protocol, threads));
        Assert.Equal("hello", await Call(Prefix + "echo", "hello"));

        SendSyncResult info = await Context.SendSync(Prefix + "echo", Bytes("k\0v\0"), Bytes("b"), 10000);
        Assert.Equal("k\0v\0", Encoding.UTF8.GetString(info.ResponseInfo.Span));

        // Concurrent senders spread over the threads (random destination among subscribers).
        var seen = new HashSet<string>();
        for (int round = 0; round < 20 && seen.Count < threads; round++)
        {
            string[] answers = await Task.WhenAll(Enumerable.Range(0, 4 * threads).Select(_ => Call(Prefix + "thread")));
            seen.UnionWith(answers);
        }

        Assert.Equal(Enumerable.Range(0, threads).Select(t => $"0/{t}").Order(), seen.Order());
    }

    [Fact]
    public async Task Http_req_answer()
    {
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix));
        SendSyncResult result = await Context.SendSync(Prefix + "csharp.xml/get", default, Bytes("value\042\0"), 10000);
        Assert.True(result.IsOk, Log.Text);
        Assert.Equal("<http_test><value>42</value></http_test>", result.ResponseText);
        Assert.Equal("content-type\0text/xml; charset=utf-8\0", Encoding.UTF8.GetString(result.ResponseInfo.Span));
        Assert.Equal("<http_test><error>no value specified</error></http_test>", await Call(Prefix + "csharp.xml/get"));
    }

    [Fact]
    public async Task Mcast_reaches_all_threads()
    {
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix, threads: 4));
        CloudIResult<IReadOnlyList<RuntimeTransId>> ids = await Context.McastAsync(Prefix + "thread", default, default, 10000);
        Assert.True(ids.IsOk);
        Assert.Equal(4, ids.Value.Count);
        var answers = new List<string>();
        foreach (RuntimeTransId id in ids.Value)
        {
            RecvAsyncResult r = await Context.RecvAsync(10000, id);
            Assert.True(r.IsOk, Log.Text);
            answers.Add(r.ResponseText);
        }

        Assert.Equal(["0/0", "0/1", "0/2", "0/3"], answers.Order());
    }

    [Theory]
    [InlineData(ExternalProtocol.Local)]
    [InlineData(ExternalProtocol.Udp)]
    public async Task The_external_service_sends_to_an_internal_one(ExternalProtocol protocol)
    {
        await StartUpperAsync();
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix, protocol, threads: 2));
        Assert.Equal("ABC", await Call(Prefix + "send_sync", "abc", "name\0/tests/internal/upper\0"));
        Assert.Equal("DEF", await Call(Prefix + "send_async", "def", "name\0/tests/internal/upper\0"));
        Assert.Equal("GHI", await Call(Prefix + "forward", "ghi", "name\0/tests/internal/upper\0"));
    }

    [Fact]
    public async Task Forward_and_send_between_external_threads()
    {
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix, threads: 2, processes: 2));
        Assert.Equal("x", await Call(Prefix + "forward", "x", $"name\0{Prefix}echo\0"));
        Assert.Equal("y", await Call(Prefix + "send_sync", "y", $"name\0{Prefix}echo\0"));
        Assert.Equal("returned:z", await Call(Prefix + "return", "z"));
    }

    [Fact]
    public async Task A_null_response_times_out_the_sender()
    {
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix));
        var watch = Stopwatch.StartNew();
        SendSyncResult result = await Context.SendSync(Prefix + "null", default, Bytes("x"), 1500);
        Assert.False(result.IsOk);
        Assert.InRange(watch.ElapsedMilliseconds, 1000, 6000);

        // At or above response_timeout_immediate_max the null response comes back at once.
        watch.Restart();
        result = await Context.SendSync(Prefix + "null", default, Bytes("x"), 30000);
        Assert.True(result.Response.IsEmpty);
        Assert.InRange(watch.ElapsedMilliseconds, 0, 5000);
    }

    [Fact]
    public async Task Removing_the_service_sends_TERM_and_the_process_exits_0()
    {
        Guid id = await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix, threads: 3));
        int pid = int.Parse(await Call(Prefix + "pid"));
        var watch = Stopwatch.StartNew();
        Assert.True(await Runtime.RemoveServiceAsync(id));
        Assert.InRange(watch.ElapsedMilliseconds, 0, 4000); // well before timeout_terminate's SIGKILL
        Assert.Contains($"OS pid {pid} exited with status 0", Log.Text);
        Assert.DoesNotContain("SIGKILL", Log.Text);
    }

    [Fact]
    public async Task Kill_9_restarts_the_process()
    {
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix, threads: 2));
        int pid = int.Parse(await Call(Prefix + "pid"));
        Process.GetProcessById(pid).Kill();

        int next = pid;
        var watch = Stopwatch.StartNew();
        while (next == pid && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            SendSyncResult r = await Context.SendSync(Prefix + "pid", default, default, 2000);
            if (r.IsOk)
            {
                next = int.Parse(r.ResponseText);
            }
        }

        Assert.NotEqual(pid, next);
        Assert.Equal("again", await Call(Prefix + "echo", "again"));
        Assert.Contains("SIGKILL", Log.Text);
    }

    [Fact]
    public async Task The_1_5_3_layout_works_end_to_end()
    {
        await StartUpperAsync();
        await Runtime.AddServiceAsync(ExampleProgram.Config(Prefix, threads: 2, apiVersion: "1.5.3"));
        Assert.Equal("old", await Call(Prefix + "echo", "old"));
        Assert.Equal("ABC", await Call(Prefix + "send_sync", "abc", "name\0/tests/internal/upper\0"));
    }
}
