using System.Text;

namespace CloudI.Api.Tests.Wire;

/// <summary>How handlers are chosen and ended: exactly one return_*/forward_* per request.</summary>
public sealed class HandlerTests
{
    private static byte[] Ok(string pattern, string response, bool sync = true, uint timeout = 5000) =>
        Messages.ExpectedReturn(sync, "/tests/a", pattern, response, timeout);

    [Fact]
    public void Handlers_of_one_pattern_take_turns_and_unsubscribe_removes_the_next()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => "1");
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => "2");
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => "3");
            runtime.Read();
            runtime.Read();
            runtime.Read();
            for (int k = 0; k < 4; k++)
            {
                runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "x"));
            }

            Assert.True(api.Poll(300));
            runtime.Read(); // polling
            Assert.Equal([Ok("/tests/*", "1"), Ok("/tests/*", "2"), Ok("/tests/*", "3"), Ok("/tests/*", "1")],
                [runtime.Read(), runtime.Read(), runtime.Read(), runtime.Read()]);

            api.Unsubscribe("*"); // "2" was next
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "x"));
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "x"));
            Assert.True(api.Poll(300));
            Assert.Equal([Ok("/tests/*", "3"), Ok("/tests/*", "1")], [runtime.Read(), runtime.Read()]);
        }
    }

    [Fact]
    public void An_unknown_pattern_gets_a_null_response()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Messages.Send(false, "/tests/a", "/tests/zz", "x"));
            Assert.True(api.Poll(200));
            runtime.Read();
            Assert.Equal(Ok("/tests/zz", "", sync: false), runtime.Read());
        }
    }

    [Fact]
    public void Return_ends_the_handler_and_nothing_else_is_sent()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            bool after = false;
            api.Subscribe("*", (type, name, pattern, _, request, timeout, _, transId, source) =>
            {
                try
                {
                    api.Return(type, name, pattern, default, "r"u8.ToArray(), timeout, transId, source);
                    after = true;
                }
                catch (Exception)
                {
                    // a service that swallows everything still sends only one return
                }

                return "second";
            });
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "x"));
            Assert.True(api.Poll(200));
            runtime.Read();
            Assert.Equal(Ok("/tests/*", "r"), runtime.Read());
            Assert.False(after);
            Assert.True(runtime.Quiet());
        }
    }

    [Fact]
    public void An_exception_gives_a_null_response_and_is_fatal_by_default()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => throw new FormatException("bad"));
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "x"));
            Assert.Throws<FormatException>(() => api.Poll(200));
            runtime.Read();
            Assert.Equal(Ok("/tests/*", ""), runtime.Read());
        }
    }

    [Fact]
    public void Without_fatal_exceptions_the_thread_keeps_serving()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(
            init: [.. Vectors.V1Init20[..^5], 0x00, 0xff, 0xff, 0xff, 0xff]);
        using (runtime)
        using (api)
        {
            Assert.False(api.FatalExceptions);
            api.Subscribe("*", (_, _, _, _, request, _, _, _, _) =>
                request.Span[0] == (byte)'x' ? throw new FormatException("bad") : "fine");
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "x"));
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "y"));
            Assert.True(api.Poll(300));
            runtime.Read();
            Assert.Equal([Ok("/tests/*", ""), Ok("/tests/*", "fine")], [runtime.Read(), runtime.Read()]);
        }
    }

    [Fact]
    public void A_request_delivered_while_send_sync_waits_is_served_first()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, request, _, _, _, _) => (byte[])[.. "nested:"u8, .. request.Span]);
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "q"));
            runtime.Write(Vectors.V7ReturnSync);
            CloudIResponse response = api.SendSync("/a", "x"u8.ToArray(), 5000, default, 0);
            Assert.Equal("ok", response.ResponseText);
            Assert.Equal(Vectors.V5SendSync, runtime.Read());
            Assert.Equal(Ok("/tests/*", "nested:q"), runtime.Read());
        }
    }

    [Fact]
    public void A_handler_may_send_and_receive()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => api.SendSync("/a", "x"u8.ToArray(), 5000, default, 0).Response);
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "q"));
            runtime.Write(Messages.ReturnSync("inner"));
            Assert.True(api.Poll(300));
            runtime.Read();
            Assert.Equal(Vectors.V5SendSync, runtime.Read());
            Assert.Equal(Ok("/tests/*", "inner"), runtime.Read());
        }
    }

    [Fact]
    public void Term_while_a_handler_waits_gives_a_null_response_and_ends_poll()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => api.SendSync("/a", "x"u8.ToArray(), 5000, default, 0).Response);
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "q"));
            runtime.Write(Vectors.V8Term);
            Assert.False(api.Poll());
            runtime.Read();
            Assert.Equal(Vectors.V5SendSync, runtime.Read());
            Assert.Equal(Ok("/tests/*", ""), runtime.Read());
            Assert.Throws<CloudITerminateException>(() => api.SendSync("/a", "x"u8.ToArray()));
        }
    }

    [Fact]
    public void Request_data_stays_valid_after_the_handler()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            var kept = new List<ReadOnlyMemory<byte>>();
            api.Subscribe("*", (_, _, _, _, request, _, _, _, _) =>
            {
                kept.Add(request);
                return default;
            });
            runtime.Read();
            runtime.Write(Messages.Send(false, "/tests/a", "/tests/*", "first"));
            runtime.Write(Messages.Send(false, "/tests/a", "/tests/*", "second"));
            Assert.True(api.Poll(300));
            Assert.Equal(["first", "second"], kept.Select(k => Encoding.UTF8.GetString(k.Span)));
        }
    }

    [Fact]
    public void Request_timeout_adjustment_1_5_3_reduces_an_unchanged_timeout()
    {
        byte[] init = [.. Vectors.V2Init153[..^1], 0x01];
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(version: ApiWireVersion.Version153, init: init);
        using (runtime)
        using (api)
        {
            Assert.True(api.RequestTimeoutAdjustment);
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) =>
            {
                Thread.Sleep(300);
                return "late";
            });
            runtime.Read();
            runtime.Write(Messages.Send(true, "/tests/a", "/tests/*", "x"));
            Assert.True(api.Poll(1000));
            runtime.Read();
            byte[] sent = runtime.Read();
            byte[] slow = Ok("/tests/*", "late");
            Assert.Equal(slow.Length, sent.Length);
            uint timeout = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(sent.AsSpan(slow.Length - 24 - 21 - 4));
            Assert.InRange(timeout, 4000u, 4710u);
        }
    }

    [Fact]
    public void Request_info_helpers()
    {
        byte[] info = CloudIApi.DictionaryToResponseInfo([new("a", "1"), new("b", "ü"), new("a", "2")]);
        Assert.Equal("a\01\0b\0ü\0a\02\0", Encoding.UTF8.GetString(info));
        Assert.Equal(["a=1", "b=ü", "a=2"], CloudIApi.RequestInfoToPairs(info).Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal("1", CloudIApi.RequestInfoToDictionary(info)["a"]);
        Assert.Empty(CloudIApi.RequestInfoToDictionary([]));
        Assert.Throws<CloudIInvalidInputException>(() => CloudIApi.RequestInfoToDictionary("a\0b"u8));
    }

    [Fact]
    public void Trans_id_round_trips()
    {
        var id = ApiTransId.Parse(Vectors.TransIdText);
        Assert.Equal(Vectors.TransId, id.ToByteArray());
        Assert.Equal(Vectors.TransIdText, id.ToString());
        Assert.Equal(Guid.Parse(Vectors.TransIdText), id.ToGuid());
        Assert.True(default(ApiTransId).IsNull);
        Assert.Equal(0x1f1e616a2dd7362UL, id.Timestamp);
    }
}
