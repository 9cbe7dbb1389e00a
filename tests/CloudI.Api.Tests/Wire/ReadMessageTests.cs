using System.Text;

namespace CloudI.Api.Tests.Wire;

/// <summary>Runtime messages parsed as §5 says: INIT V1/V2, SEND V4, replies V7/V8, events.</summary>
public sealed class ReadMessageTests
{
    [Fact]
    public void V1_init_2_0()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            Assert.Equal(ApiWireVersion.Version20, api.WireVersion);
            Assert.Equal("/tests/", api.Prefix);
            Assert.Equal((0, 1, 1, 1), (api.ProcessIndex, api.ProcessCount, api.ProcessCountMax, api.ProcessCountMin));
            Assert.Equal((5000u, 5000u, 5000u, 59400u), (api.TimeoutInitialize, api.TimeoutAsync, api.TimeoutSync, api.TimeoutTerminate));
            Assert.Equal(0, api.PriorityDefault);
            Assert.True(api.FatalExceptions);
            Assert.False(api.RequestTimeoutAdjustment);
        }
    }

    [Fact]
    public void V2_init_1_5_3()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(version: ApiWireVersion.Version153);
        using (runtime)
        using (api)
        {
            Assert.Equal("/tests/", api.Prefix);
            Assert.Equal(59900u, api.TimeoutTerminate);
            Assert.False(api.FatalExceptions);
            Assert.False(api.RequestTimeoutAdjustment);
        }
    }

    [Fact]
    public void Distinct_init_fields_land_in_the_right_properties()
    {
        byte[] init =
        [
            .. Messages.U32(1), .. Messages.U32(2), .. Messages.U32(3), .. Messages.U32(5), .. Messages.U32(1),
            .. Messages.Str("/p/"), .. Messages.U32(101), .. Messages.U32(102), .. Messages.U32(103), .. Messages.U32(104),
            0xfe, 0, 0xff, 0xff, 0xff, 0xff,
        ];
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(init: init);
        using (runtime)
        using (api)
        {
            Assert.Equal((2, 3, 5, 1), (api.ProcessIndex, api.ProcessCount, api.ProcessCountMax, api.ProcessCountMin));
            Assert.Equal((101u, 102u, 103u, 104u), (api.TimeoutInitialize, api.TimeoutAsync, api.TimeoutSync, api.TimeoutTerminate));
            Assert.Equal(-2, api.PriorityDefault);
            Assert.False(api.FatalExceptions);
        }
    }

    [Fact]
    public void Init_with_options_selected_by_environment_variable()
    {
        Assert.Equal(ApiWireVersion.Version20, new CloudIApiOptions().ResolveWireVersion()); // test host has no variable
        Assert.Equal(ApiWireVersion.Version153, new CloudIApiOptions { WireVersion = ApiWireVersion.Version153 }.ResolveWireVersion());
    }

    [Fact]
    public void V4_is_delivered_with_every_field()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            var seen = new List<string>();
            api.Subscribe("*", (type, name, pattern, info, request, timeout, priority, transId, source) =>
            {
                seen.Add($"{type} {name} {pattern} {Encoding.UTF8.GetString(info.Span).Replace('\0', '|')} "
                    + $"{Encoding.UTF8.GetString(request.Span)} {timeout} {priority} {transId} {Hex.Of(source.Span)}");
                return "ok"u8.ToArray();
            });
            runtime.Read();
            runtime.Write(Vectors.V4SendSync);
            Assert.True(api.Poll(200));
            Assert.Equal([$"Sync /tests/a /tests/* k|v| x 5000 0 {Vectors.TransIdText} {Hex.Of(Vectors.V3Pid)}"], seen);
        }
    }

    [Fact]
    public void V7_failure_forms()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V7Timeout);
            CloudIResponse timeout = api.SendSync("/a", "x"u8.ToArray());
            Assert.True(timeout.IsEmpty);
            Assert.Equal(Vectors.TransIdText, timeout.TransId.ToString());

            runtime.Write(Vectors.V7NoDestination);
            CloudIResponse none = api.SendSync("/a", "x"u8.ToArray());
            Assert.True(none.IsEmpty);
            Assert.True(none.TransId.IsNull);
        }
    }

    [Fact]
    public void V8_failure_forms()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8ReturnAsyncFailure);
            Assert.True(api.SendAsync("/a", "x"u8.ToArray()).IsNull);
            runtime.Write(Vectors.V8ReturnsAsyncFailure);
            Assert.Empty(api.McastAsync("/a", "x"u8.ToArray()));
            runtime.Write(Vectors.V8RecvAsyncTimeout);
            CloudIResponse r = api.RecvAsync(0);
            Assert.True(r.IsEmpty);
            Assert.True(r.TransId.IsNull);
        }
    }

    [Fact]
    public void Response_info_and_response_are_kept_apart_and_survive_later_reads()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Messages.ReturnSync("body", responseInfo: "a\0b\0"));
            CloudIResponse first = api.SendSync("/a", "x"u8.ToArray());
            runtime.Write(Messages.ReturnSync("other", responseInfo: "c\0d\0"));
            api.SendSync("/a", "x"u8.ToArray());
            Assert.Equal("body", first.ResponseText);
            Assert.Equal("a\0b\0", Encoding.UTF8.GetString(first.ResponseInfo.Span));
        }
    }

    [Fact]
    public void Reinit_2_0_and_1_5_3()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(
            init: [.. Vectors.V1Init20[..^6], 0x05, 0x00, 0xff, 0xff, 0xff, 0xff]); // priority 5, fatal 0
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8Reinit20);
            Assert.True(api.Poll(100));
            Assert.Equal(2, api.ProcessCount);
            Assert.Equal(0, api.PriorityDefault);
            Assert.True(api.FatalExceptions);
        }

        (FakeRuntime old, CloudIApi oldApi) = FakeRuntime.Connect(version: ApiWireVersion.Version153);
        using (old)
        using (oldApi)
        {
            old.Write(Vectors.V8Reinit153);
            Assert.True(oldApi.Poll(100));
            Assert.Equal(2, oldApi.ProcessCount);
        }
    }

    [Theory]
    [InlineData(ApiProtocol.Local)]
    [InlineData(ApiProtocol.Udp)]
    public void Keepalive_is_answered(ApiProtocol protocol)
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(protocol);
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8Keepalive);
            Assert.True(api.Poll(100));
            runtime.Read(); // polling
            Assert.Equal(Etf.Term(Etf.Atom("keepalive")), runtime.Read());
        }
    }

    [Theory]
    [InlineData(ApiProtocol.Local)]
    [InlineData(ApiProtocol.Tcp)]
    [InlineData(ApiProtocol.Udp)]
    public void Term_ends_poll(ApiProtocol protocol)
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect(protocol);
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V8Term);
            Assert.False(api.Poll());
            Assert.False(api.Poll(0)); // stays terminated
        }
    }

    [Fact]
    public void A_closed_socket_ends_poll()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Close();
            Assert.False(api.Poll());
        }
    }

    [Fact]
    public void Events_behind_a_reply_in_one_frame_are_handled()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V7ReturnSync, Vectors.V8Keepalive, Vectors.V8Reinit20);
            Assert.Equal("ok", api.SendSync("/a", "x"u8.ToArray()).ResponseText);
            runtime.Read();
            Assert.Equal(Etf.Term(Etf.Atom("keepalive")), runtime.Read());
            Assert.Equal(2, api.ProcessCount);

            runtime.Write(Vectors.V7ReturnSync, Vectors.V8Term);
            Assert.Throws<CloudITerminateException>(() => api.SendSync("/a", "x"u8.ToArray()));
        }
    }

    [Fact]
    public async Task Split_and_coalesced_frames()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            byte[] one = [0, 0, 0, (byte)Vectors.V8SubscribeCount1.Length, .. Vectors.V8SubscribeCount1];
            byte[] two = [0, 0, 0, (byte)Vectors.V8ReturnAsync.Length, .. Vectors.V8ReturnAsync];
            byte[] both = [.. one, .. two];
            runtime.WriteRaw(both[..3]);
            var task = Task.Run(() => (api.SubscribeCount("p"), api.SendAsync("/a", "x"u8.ToArray())));
            await Task.Delay(50);
            runtime.WriteRaw(both[3..10]);
            await Task.Delay(50);
            runtime.WriteRaw(both[10..]);
            (int count, ApiTransId id) = await task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(1, count);
            Assert.Equal(Vectors.TransIdText, id.ToString());
        }
    }

    [Fact]
    public async Task A_frame_larger_than_the_buffer()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            string big = new('b', 300_000);
            Task writing = Task.Run(() => runtime.Write(Messages.ReturnSync(big))); // more than the socket buffers
            Assert.Equal(big, api.SendSync("/a", "x"u8.ToArray()).ResponseText);
            await writing;
            runtime.Write(Vectors.V7ReturnSync);
            Assert.Equal("ok", api.SendSync("/a", "x"u8.ToArray()).ResponseText);
        }
    }

    [Fact]
    public void Garbage_is_a_decoding_error()
    {
        (FakeRuntime runtime, CloudIApi api) = FakeRuntime.Connect();
        using (runtime)
        using (api)
        {
            runtime.Write(Vectors.V7ReturnSync[..20]);
            Assert.Throws<CloudIMessageDecodingException>(() => api.SendSync("/a", "x"u8.ToArray()));
        }

        (FakeRuntime runtime2, CloudIApi api2) = FakeRuntime.Connect();
        using (runtime2)
        using (api2)
        {
            runtime2.Write(Vectors.V8ReturnAsync);
            Assert.Throws<CloudIMessageDecodingException>(() => api2.SendSync("/a", "x"u8.ToArray()));
        }
    }
}
