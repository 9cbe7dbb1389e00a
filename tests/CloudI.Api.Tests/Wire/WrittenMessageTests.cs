using System.Text;

namespace CloudI.Api.Tests.Wire;

/// <summary>The exact bytes of every message the library sends (§4.2), against the spec's V5/V6/V9.</summary>
public sealed class WrittenMessageTests
{
    private static readonly byte[] X = "x"u8.ToArray();

    [Theory]
    [InlineData(ApiProtocol.Local)]
    [InlineData(ApiProtocol.Tcp)]
    [InlineData(ApiProtocol.Udp)]
    public void Init_and_polling_are_V9(ApiProtocol protocol)
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(protocol); // asserts init = V9
        using (runtime)
        using (api)
        {
            Assert.True(api.Poll(0));
            Assert.Equal(Vectors.V9Polling, runtime.Read());
            Assert.True(api.Poll(0));
            Assert.True(runtime.Quiet()); // polling only once
        }
    }

    [Fact]
    public void Subscribe_is_V9()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => default);
            Assert.Equal(Vectors.V9SubscribeStar, runtime.Read());
        }
    }

    [Fact]
    public void Subscribe_count_and_unsubscribe()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8SubscribeCount1);
            Assert.Equal(1, api.SubscribeCount("a/b"));
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("subscribe_count"), Etf.Str("a/b"))), runtime.Read());

            api.Subscribe("a/b", (_, _, _, _, _, _, _, _, _) => default);
            runtime.Read();
            api.Unsubscribe("a/b");
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("unsubscribe"), Etf.Str("a/b"))), runtime.Read());
            Assert.Throws<CloudIInvalidInputException>(() => api.Unsubscribe("a/b"));
            Assert.True(runtime.Quiet());
        }
    }

    [Fact]
    public void Send_sync_is_V5_and_reads_V7()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V7ReturnSync);
            CloudIResponse response = api.SendSync("/a", X, 5000, default, 0);
            Assert.Equal(Vectors.V5SendSync, runtime.Read());
            Assert.Equal("ok", response.ResponseText);
            Assert.True(response.ResponseInfo.IsEmpty);
            Assert.Equal(ApiTransId.Parse(Vectors.TransIdText), response.TransId);
        }
    }

    [Fact]
    public void Send_sync_defaults_come_from_INIT()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V7ReturnSync);
            api.SendSync("/a", X); // timeout_sync 5000, priority_default 0
            Assert.Equal(Vectors.V5SendSync, runtime.Read());
        }
    }

    [Fact]
    public void Send_async_with_a_big_timeout_and_negative_priority_is_V9()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8ReturnAsync);
            ApiTransId id = api.SendAsync("/a", X, uint.MaxValue, default, -1);
            Assert.Equal(Vectors.V9SendAsync, runtime.Read());
            Assert.Equal(Vectors.TransIdText, id.ToString());
        }
    }

    [Fact]
    public void Recv_async_is_V9()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8RecvAsyncOk);
            CloudIResponse response = api.RecvAsync(1000);
            Assert.Equal(Vectors.V9RecvAsync, runtime.Read());
            Assert.Equal("ok", response.ResponseText);
        }
    }

    [Fact]
    public void Recv_async_consume_false_and_a_trans_id()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8RecvAsyncOk);
            api.RecvAsync(null, ApiTransId.FromBytes(Vectors.TransId), consume: false);
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("recv_async"), Etf.Int(5000), Etf.Bin(Vectors.TransId),
                [119, 5, .. "false"u8])), runtime.Read());
        }
    }

    [Fact]
    public void Mcast_async()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8ReturnsAsync2);
            IReadOnlyList<ApiTransId> ids = api.McastAsync("/a", X, 5000, "i"u8.ToArray(), 3);
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("mcast_async"), Etf.Str("/a"), Etf.Bin("i"), Etf.Bin("x"),
                Etf.Int(5000), Etf.Int(3))), runtime.Read());
            Assert.Equal([Vectors.TransIdText, "a2dd7363-e616-11f1-a7bf-102d49869c40"], ids.Select(i => i.ToString()));
        }
    }

    [Fact]
    public void Return_sync_answering_V4_is_V6_with_the_source_echoed_verbatim()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => "ok"u8.ToArray());
            runtime.Read();
            runtime.Write(Vectors.V4SendSync);
            Assert.True(api.Poll(200));
            runtime.Read(); // polling
            byte[] sent = runtime.Read();

            // V6 is what Python sends: it re-encodes the pid with a SMALL_ATOM_EXT node. This
            // library echoes the runtime's term as received (as the C API does), so the only
            // difference is the node atom's tag (ATOM_EXT 64 00 0b instead of 73 0b).
            int pidAt = Vectors.V6ReturnSync.Length - 23;
            Assert.Equal(Hex.Of(Vectors.V6ReturnSync[..pidAt]), Hex.Of(sent[..pidAt]));
            Assert.Equal(Hex.Of(Etf.Pid), Hex.Of(sent[pidAt..]));
            Assert.Equal(Hex.Of(Vectors.V6ReturnSync[(pidAt + 3)..]), Hex.Of(sent[(pidAt + 4)..]));
        }
    }

    [Fact]
    public void Forward_and_return_async_and_forward_async()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (type, name, pattern, info, request, timeout, priority, transId, source) =>
            {
                api.Forward(type, "/b", info, request, timeout + 1, -2, transId, source);
                return "not sent";
            });
            runtime.Read();
            runtime.Write(Messages.Send(sync: true, "/tests/a", "/tests/*", "x", requestInfo: "k\0v\0"));
            runtime.Write(Messages.Send(sync: false, "/tests/a", "/tests/*", "y", timeout: 300));
            Assert.True(api.Poll(300));
            runtime.Read(); // polling
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("forward_sync"), Etf.Str("/b"), Etf.Bin("k\0v\0"), Etf.Bin("x"),
                Etf.Int(5001), Etf.Int(-2), Etf.Bin(Vectors.TransId), Etf.Pid)), runtime.Read());
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("forward_async"), Etf.Str("/b"), Etf.Bin(""), Etf.Bin("y"),
                Etf.Int(301), Etf.Int(-2), Etf.Bin(Vectors.TransId), Etf.Pid)), runtime.Read());
            Assert.True(runtime.Quiet());
        }
    }

    [Fact]
    public void Return_async_of_a_handler_value()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Subscribe("*", (_, _, _, _, _, _, _, _, _) => new Reply("h\0v\0"u8.ToArray(), "r"u8.ToArray()));
            runtime.Read();
            runtime.Write(Messages.Send(sync: false, "/tests/a", "/tests/*", "x", timeout: 70000));
            Assert.True(api.Poll(200));
            runtime.Read();
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("return_async"), Etf.Str("/tests/a"), Etf.Str("/tests/*"),
                Etf.Bin("h\0v\0"), Etf.Bin("r"), Etf.Int(70000), Etf.Bin(Vectors.TransId), Etf.Pid)), runtime.Read());
        }
    }

    [Fact]
    public void Shutdown_is_2_0_only()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            api.Shutdown();
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("shutdown"), [106])), runtime.Read());
            api.Shutdown("done");
            Assert.Equal(Etf.Term(Etf.Tuple(Etf.Atom("shutdown"), Etf.Str("done"))), runtime.Read());
        }

        (FakeRuntime old, CloudIApi oldApi) = FakeRuntime.Connect(version: ApiWireVersion.Version153);
        using (old)
        using (oldApi)
        {
            Assert.Throws<InvalidOperationException>(() => oldApi.Shutdown());
        }
    }

    [Fact]
    public void Long_names_are_lists_and_utf8_names_are_bytes()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            string longName = "/" + new string('n', 70000);
            runtime.Write(Vectors.V8ReturnAsyncFailure);
            Assert.True(api.SendAsync(longName, X).IsNull);
            byte[] sent = runtime.Read();
            byte[] list = [108, 0, 1, 0x11, 0x71, .. Encoding.ASCII.GetBytes(longName).SelectMany(b => new byte[] { 97, b }), 106];
            Assert.Equal(Hex.Of(list), Hex.Of(sent.AsSpan(15, list.Length)));

            runtime.Write(Vectors.V8ReturnAsync);
            api.SendAsync("/ü€", X);
            Assert.Equal(Etf.Str("/ü€"), runtime.Read()[15..(15 + 3 + 6)]);
        }
    }

    [Theory]
    [InlineData(0u, "61 00")]
    [InlineData(255u, "61 ff")]
    [InlineData(256u, "62 00 00 01 00")]
    [InlineData(2147483647u, "62 7f ff ff ff")]
    [InlineData(2147483648u, "6e 04 00 00 00 00 80")]
    [InlineData(4294967295u, "6e 04 00 ff ff ff ff")]
    public void Timeouts_use_the_smallest_integer_encoding(uint timeout, string expected)
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8ReturnAsync);
            api.SendAsync("/a", X, timeout, default, 0);
            byte[] sent = runtime.Read();
            Assert.Equal(expected.Replace(" ", ""), Hex.Of(sent.AsSpan(31, sent.Length - 31 - 2)));
        }
    }
}
