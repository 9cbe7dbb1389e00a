using System.Diagnostics;
using System.Text;
using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

/// <summary>
/// Decodes terms produced by the real Erlang <c>term_to_binary</c> (default atoms and, with minor_version 2,
/// UTF-8 atoms). Needs <c>erl</c>: <c>apt-get install -y erlang-nox</c>. One erl run produces every term.
/// </summary>
public sealed class ErlangCrossCheckTests
{
    private const string Tid = "<<16#a2dd7362e61611f1a7bf102d49869c40:128>>";
    private const string Pid = "c:pid(0,1449,0)";
    private static readonly ExternalPid ErlangPid = new("nonode@nohost", 1449, 0, 0);

    /// <summary>Erlang term text and the check of the decoded message (null = must be rejected).</summary>
    private static readonly (string Term, Action<ExternalMessage>? Check)[] Cases =
    [
        ("init", m => Assert.Same(InitMessage.Instance, m)),
        ("polling", m => Assert.Same(PollingMessage.Instance, m)),
        ("keepalive", m => Assert.Same(KeepaliveMessage.Instance, m)),
        ("{pid, 12345}", m => Assert.Equal(12345, Assert.IsType<PidMessage>(m).OsPid)),
        ("{subscribe, \"python.xml/get\"}", m => Pattern(m, ExternalMessageKind.Subscribe, "python.xml/get")),
        ("{subscribe_count, \"\"}", m => Pattern(m, ExternalMessageKind.SubscribeCount, "")),
        ("{unsubscribe, \"*\"}", m => Pattern(m, ExternalMessageKind.Unsubscribe, "*")),
        ("{send_async, \"/a\", <<>>, <<\"x\">>, 4294967295, -1}",
            m => Send(m, ExternalMessageKind.SendAsync, "/a", "", "x", uint.MaxValue, -1)),
        ("{send_sync, \"/tests/a\", <<\"k\",0,\"v\",0>>, <<\"x\">>, 5000, 0}",
            m => Send(m, ExternalMessageKind.SendSync, "/tests/a", "k\0v\0", "x", 5000, 0)),
        ("{mcast_async, lists:duplicate(70000, $z), <<>>, <<>>, 134217728, -128}",
            m => Send(m, ExternalMessageKind.McastAsync, new string('z', 70000), "", "", 134217728, -128)),
        ("{send_async, [47, 255, 0], <<1,2,3>>, <<>>, 2147483648, 127}",
            m => Send(m, ExternalMessageKind.SendAsync, "/\u00ff\0", "\u0001\u0002\u0003", "", 2147483648, 127)),
        ("{recv_async, 1000, <<0:128>>, true}", m =>
        {
            var r = Assert.IsType<RecvAsyncMessage>(m);
            Assert.Equal(1000u, r.Timeout);
            Assert.Equal(new byte[16], r.TransId.ToArray());
            Assert.True(r.Consume);
        }),
        ($"{{recv_async, 0, {Tid}, false}}", m =>
        {
            var r = Assert.IsType<RecvAsyncMessage>(m);
            Assert.Equal(Vectors.TransId, r.TransId.ToArray());
            Assert.False(r.Consume);
        }),
        ($"{{return_sync, \"/tests/a\", \"/tests/*\", <<>>, <<\"ok\">>, 5000, {Tid}, {Pid}}}", m =>
        {
            var r = Assert.IsType<ReturnMessage>(m);
            Assert.Equal(ExternalMessageKind.ReturnSync, r.Kind);
            Assert.Equal("/tests/a"u8.ToArray(), r.Name.ToArray());
            Assert.Equal("/tests/*"u8.ToArray(), r.Pattern.ToArray());
            Assert.Equal("ok"u8.ToArray(), r.Response.ToArray());
            Assert.Equal(Vectors.TransId, r.TransId.ToArray());
            Assert.Equal(ErlangPid, r.Source);
        }),
        ($"{{return_async, \"/a\", \"/*\", <<>>, <<>>, 0, {Tid}, {Pid}}}", m =>
        {
            var r = Assert.IsType<ReturnMessage>(m);
            Assert.Equal(ExternalMessageKind.ReturnAsync, r.Kind);
            Assert.True(r.IsNullResponse);
            Assert.Equal(ErlangPid, r.Source);
        }),
        ($"{{forward_async, \"/b\", <<\"i\">>, <<\"r\">>, 4900, -3, {Tid}, {Pid}}}", m =>
        {
            var f = Assert.IsType<ForwardMessage>(m);
            Assert.Equal(ExternalMessageKind.ForwardAsync, f.Kind);
            Assert.Equal(4900u, f.Timeout);
            Assert.Equal(-3, f.Priority);
            Assert.Equal(ErlangPid, f.Source);
        }),
        ($"{{forward_sync, \"/b\", <<>>, <<>>, 4294967295, 0, {Tid}, {Pid}}}", m =>
        {
            var f = Assert.IsType<ForwardMessage>(m);
            Assert.Equal(ExternalMessageKind.ForwardSync, f.Kind);
            Assert.Equal(uint.MaxValue, f.Timeout);
        }),
        ("{shutdown, \"\"}", m => Assert.True(Assert.IsType<ShutdownMessage>(m).Reason.IsEmpty)),
        ("{shutdown, \"bye\"}", m => Assert.Equal("bye"u8.ToArray(), Assert.IsType<ShutdownMessage>(m).Reason.ToArray())),
        // invalid ones
        ("{send_async, [47, 256], <<>>, <<>>, 5000, 0}", null),
        ("{send_async, \"/a\", <<>>, <<>>, 4294967296, 0}", null),
        ("{send_async, \"/a\", <<>>, <<>>, -1, 0}", null),
        ("{send_async, \"/a\", <<>>, <<>>, 5000, 128}", null),
        ("{send_async, \"/a\", <<>>, <<>>, 5000.0, 0}", null),
        ("{send_async, <<\"/a\">>, <<>>, <<>>, 5000, 0}", null),
        ("{send_async, \"/a\", <<>>, <<1:3>>, 5000, 0}", null),
        ("{send_async, \"/a\", #{}, <<>>, 5000, 0}", null),
        ($"{{recv_async, 1, {Tid}, maybe}}", null),
        ("{recv_async, 1, <<0:120>>, true}", null),
        ("{return_sync, \"/a\", \"/a\", <<>>, <<>>, 1, <<0:128>>, make_ref()}", null),
        ("[init]", null),
        ("{init}", null),
    ];

    private static void Pattern(ExternalMessage m, ExternalMessageKind kind, string pattern)
    {
        var s = Assert.IsType<SubscriptionMessage>(m);
        Assert.Equal(kind, s.Kind);
        Assert.Equal(Encoding.Latin1.GetBytes(pattern), s.Pattern.ToArray());
    }

    private static void Send(ExternalMessage m, ExternalMessageKind kind, string name, string info, string request,
        uint timeout, sbyte priority)
    {
        var s = Assert.IsType<SendMessage>(m);
        Assert.Equal(kind, s.Kind);
        Assert.Equal(Encoding.Latin1.GetBytes(name), s.Name.ToArray());
        Assert.Equal(Encoding.Latin1.GetBytes(info), s.RequestInfo.ToArray());
        Assert.Equal(Encoding.Latin1.GetBytes(request), s.Request.ToArray());
        Assert.Equal(timeout, s.Timeout);
        Assert.Equal(priority, s.Priority);
    }

    [Fact]
    public void DecodesTermsFromRealErlang()
    {
        string? erl = FindErl();
        Assert.True(erl is not null,
            "erl not found: install Erlang to run this cross-check (apt-get install -y erlang-nox)");
        string terms = string.Join(",\n", Cases.Select(c => c.Term));
        string script =
            "Ts = [" + terms + "], " +
            "lists:foreach(fun(T) -> io:format(\"~s ~s~n\", [binary:encode_hex(term_to_binary(T)), " +
            "binary:encode_hex(term_to_binary(T, [{minor_version, 2}]))]) end, Ts).";
        string[] lines = RunErl(erl!, script);
        Assert.Equal(Cases.Length, lines.Length);
        var atomTags = new HashSet<byte>();
        for (int i = 0; i < Cases.Length; i++)
        {
            string[] encodings = lines[i].Split(' ');
            Assert.Equal(2, encodings.Length);
            foreach (string hex in encodings)
            {
                byte[] payload = Convert.FromHexString(hex);
                atomTags.Add(payload[1] == 104 ? payload[3] : payload[1]);
                if (Cases[i].Check is { } check)
                {
                    check(ExternalMessageDecoder.Decode(payload, WireFlavor.Version20));
                }
                else
                {
                    Assert.Throws<ExternalProtocolException>(() => ExternalMessageDecoder.Decode(payload, WireFlavor.Version20));
                }
            }
        }
        Assert.Contains((byte)119, atomTags); // minor_version 2 gives SMALL_ATOM_UTF8_EXT
    }

    private static string? FindErl()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "erl");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static string[] RunErl(string erl, string script)
    {
        var start = new ProcessStartInfo(erl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-noshell", "-eval", script, "-s", "init", "stop" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(true);
            Assert.Fail("erl did not finish within 120 s");
        }
        string output = stdout.Result;
        Assert.True(process.ExitCode == 0, $"erl failed ({process.ExitCode}): {stderr.Result}\n{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
