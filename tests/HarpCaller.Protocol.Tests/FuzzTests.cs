using System.Text;
using System.Text.Json;
using static HarpCaller.Protocol.Tests.Utf8Text;

namespace HarpCaller.Protocol.Tests;

/// <summary>
/// Generated input (fixed seeds, bounded counts): whatever arrives, the parsers return a value or throw
/// <see cref="ProtocolException"/>, and what they return can be encoded back without failing.
/// </summary>
public class FuzzTests
{
    private static readonly string[] s_clientLines =
    [
        "{\"harpcaller\": 1, \"host\": \"web01\", \"procedure\": \"restart\", \"arguments\": [1, \"two\", {\"three\": 3.0}], \"info\": null}",
        "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":{\"a\":[1e+300,123456789012345678901234567890]},\"timeout\":30,\"max_exec_time\":60,\"queue\":{\"name\":{\"service\":\"nginx\",\"n\":[1,2]},\"concurrency\":2},\"info\":{\"x\":\"\\uD83D\\uDE00\"}}",
        "{\"harpcaller\":1,\"cancel\":\"6f1c5e4a-abcd-4ef0-8a12-0123456789ab\"}",
        "{\"harpcaller\":1,\"get_result\":\"6f1c5e4a-abcd-4ef0-8a12-0123456789ab\",\"wait\":false}",
        "{\"harpcaller\":1,\"get_status\":\"j\"}",
        "{\"harpcaller\":1,\"follow_stream\":\"j\",\"since\":3}",
        "{\"harpcaller\":1,\"read_stream\":\"j\",\"recent\":10}",
        "{\"\\u0068arpcaller\":1,\"cancel\":\"\\ud800\"}",
        "{\"harpcaller\":1,\"host\":\"😀\",\"procedure\":\"ż\",\"arguments\":[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\"]}\r",
    ];

    private static readonly string[] s_harpdLines =
    [
        "{\"harp\": 1, \"stream_result\": true}",
        "{\"harp\": 1, \"stream_result\": false}",
        "{\"stream\": {\"line\": \"output \\u017c \\ud83d\\ude00\"}}",
        "{\"result\": [1e+300, 123456789012345678901234567890, -0.0, null, true]}",
        "{\"exception\": {\"type\": \"ValueError\", \"message\": \"bad\", \"data\": {\"class\": \"ValueError\", \"module\": \"exceptions\"}}}",
        "{\"harp\": 1, \"error\": {\"type\": \"auth_error\", \"message\": \"unknown user or wrong password\"}}",
        "{\"harp\": 1, \"error\": {\"type\": \"no_such_procedure\", \"message\": \"no such procedure\", \"data\": {\"procedure\": \"x\"}}}",
    ];

    private static readonly string[] s_values =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "1.5", "2.0", "1e400", "-1e400", "1e-400", "1e+300",
        "123456789012345678901234567890", "-123456789012345678901234567890", "\"\"", "\"s\"", "\"\\ud800\"",
        "\"😀\"", "[]", "{}", "[1]", "{\"a\":1}", "{\"name\":{}}", "{\"name\":{\"a\":1},\"concurrency\":\"x\"}",
        "{\"type\":\"t\",\"message\":\"m\"}", "{\"type\":1,\"message\":\"m\"}",
    ];

    private const string JsonAlphabet = "{}[]\":,\\ \t\r\n0123456789-+.eEtrufalsn\"harpcallerhostprocedureargumentsqueuenamecancelwaitsincerecent";

    [Fact]
    public void RandomBytes()
    {
        var random = new Random(1001);
        for (int i = 0; i < 2000; i++)
        {
            byte[] line = new byte[random.Next(0, 160)];
            for (int j = 0; j < line.Length; j++)
            {
                line[j] = random.Next(10) < 7 ? (byte)JsonAlphabet[random.Next(JsonAlphabet.Length)] : (byte)random.Next(256);
            }

            CheckAll(line, $"random bytes #{i}");
        }
    }

    [Fact]
    public void TruncatedValidLines()
    {
        foreach (string text in s_clientLines.Concat(s_harpdLines))
        {
            byte[] line = Bytes(text);
            CheckAll(line, "whole line");
            for (int length = 0; length < line.Length; length++)
            {
                CheckAll(line.AsSpan(0, length), $"prefix {length} of {text}");
            }
        }
    }

    [Fact]
    public void MutatedValidLines()
    {
        var random = new Random(2002);
        string[] all = [.. s_clientLines, .. s_harpdLines];
        for (int i = 0; i < 3000; i++)
        {
            var line = new List<byte>(Bytes(all[random.Next(all.Length)]));
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations && line.Count > 0; m++)
            {
                int at = random.Next(line.Count);
                switch (random.Next(5))
                {
                    case 0: line[at] = (byte)JsonAlphabet[random.Next(JsonAlphabet.Length)]; break;
                    case 1: line.RemoveAt(at); break;
                    case 2: line.Insert(at, (byte)JsonAlphabet[random.Next(JsonAlphabet.Length)]); break;
                    case 3: line[at] = (byte)random.Next(256); break;
                    default:
                        int length = Math.Min(random.Next(1, 20), line.Count - at);
                        line.InsertRange(at, line.GetRange(at, length));
                        break;
                }
            }

            CheckAll(line.ToArray(), $"mutation #{i}");
        }
    }

    [Fact]
    public void WrongTypesForEveryKey()
    {
        string[] clientTemplates =
        [
            "{\"harpcaller\":%harpcaller%,\"host\":%host%,\"procedure\":%procedure%,\"arguments\":%arguments%,\"timeout\":%timeout%,\"max_exec_time\":%max_exec_time%,\"queue\":%queue%,\"info\":%info%}",
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"queue\":{\"name\":%name%,\"concurrency\":%concurrency%}}",
            "{\"harpcaller\":%harpcaller%,\"get_result\":%get_result%,\"wait\":%wait%}",
            "{\"harpcaller\":1,\"cancel\":%cancel%}",
            "{\"harpcaller\":1,\"get_status\":%get_status%}",
            "{\"harpcaller\":1,\"follow_stream\":%follow_stream%,\"since\":%since%}",
            "{\"harpcaller\":1,\"read_stream\":%read_stream%,\"recent\":%recent%}",
        ];
        string[] harpdTemplates =
        [
            "{\"harp\":%harp%,\"stream_result\":%stream_result%}",
            "{\"harp\":%harp%,\"error\":%error%}",
            "{\"harp\":1,\"error\":{\"type\":%type%,\"message\":%message%,\"data\":%data%}}",
            "{\"exception\":{\"type\":%type%,\"message\":%message%,\"data\":%data%}}",
            "{\"exception\":%exception%}",
            "{\"stream\":%stream%}",
            "{\"result\":%result%}",
        ];
        Dictionary<string, string> good = new()
        {
            ["harpcaller"] = "1", ["host"] = "\"h\"", ["procedure"] = "\"p\"", ["arguments"] = "[]", ["timeout"] = "5",
            ["max_exec_time"] = "5", ["queue"] = "{\"name\":{}}", ["info"] = "null", ["name"] = "{}", ["concurrency"] = "2",
            ["get_result"] = "\"j\"", ["wait"] = "true", ["cancel"] = "\"j\"", ["get_status"] = "\"j\"", ["follow_stream"] = "\"j\"",
            ["since"] = "1", ["read_stream"] = "\"j\"", ["recent"] = "1", ["harp"] = "1", ["stream_result"] = "true",
            ["error"] = "{\"type\":\"t\",\"message\":\"m\"}", ["type"] = "\"t\"", ["message"] = "\"m\"", ["data"] = "null",
            ["exception"] = "{\"type\":\"t\",\"message\":\"m\"}", ["stream"] = "1", ["result"] = "1",
        };

        int cases = 0;
        foreach (string template in clientTemplates.Concat(harpdTemplates))
        {
            foreach (string key in good.Keys.Where(k => template.Contains($"%{k}%", StringComparison.Ordinal)))
            {
                foreach (string value in s_values)
                {
                    string line = template.Replace($"%{key}%", value, StringComparison.Ordinal);
                    foreach ((string other, string goodValue) in good)
                    {
                        line = line.Replace($"%{other}%", goodValue, StringComparison.Ordinal);
                    }

                    CheckAll(Bytes(line), line);
                    cases++;
                }
            }
        }

        Assert.True(cases > 500, $"only {cases} cases");
    }

    [Fact]
    public void DeepNestingAndHugeNumbersInEveryPosition()
    {
        string[] hostile =
        [
            new string('[', 10_000),
            new string('[', 10_000) + new string(']', 10_000),
            string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000),
            string.Concat(Enumerable.Repeat("{\"a\":", 10_000)),
            "1e999999999", "-1e-999999999", "0." + new string('0', 10_000) + "1", new string('9', 10_000),
            "-" + new string('9', 10_000), "1" + new string('0', 400) + ".5e-10",
        ];
        string[] templates =
        [
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[X],\"info\":X}",
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":X,\"timeout\":X,\"max_exec_time\":X}",
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"queue\":{\"name\":{\"n\":X},\"concurrency\":X}}",
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"queue\":{\"name\":X}}",
            "{\"harpcaller\":X,\"follow_stream\":\"j\",\"since\":X}",
            "{\"harpcaller\":1,\"read_stream\":X,\"recent\":X}",
            "{\"harp\":X,\"stream_result\":X}",
            "{\"result\":X}",
            "{\"stream\":X}",
            "{\"exception\":{\"type\":\"t\",\"message\":\"m\",\"data\":X}}",
            "{\"harp\":1,\"error\":{\"type\":\"t\",\"message\":\"m\",\"data\":X}}",
            "X",
        ];
        foreach (string template in templates)
        {
            foreach (string value in hostile)
            {
                CheckAll(Bytes(template.Replace("X", value, StringComparison.Ordinal)), $"{template} with {value[..Math.Min(20, value.Length)]}...");
            }
        }
    }

    [Fact]
    public void TwoMegabyteLines()
    {
        const int Size = 2 * 1024 * 1024;
        var random = new Random(3003);
        byte[] garbage = new byte[Size];
        for (int i = 0; i < garbage.Length; i++)
        {
            garbage[i] = (byte)JsonAlphabet[random.Next(JsonAlphabet.Length)];
        }

        string big = new string('x', Size);
        string[] lines =
        [
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[\"" + big + "\"]}",
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[" + string.Join(",", Enumerable.Repeat("1e+300", Size / 7)) + "]}",
            "{\"harpcaller\":1,\"cancel\":\"" + big + "\"}",
            "{\"harpcaller\":1,\"" + big + "\":1}",
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[\"" + big,
            new string(' ', Size),
            new string('[', Size),
            "{\"result\":\"" + big + "\"}",
            "{\"stream\":[" + string.Join(", ", Enumerable.Repeat("\"\\ud83d\\ude00\"", Size / 16)) + "]}",
        ];
        foreach (string line in lines)
        {
            CheckAll(Bytes(line), line[..40]);
        }

        CheckAll(garbage, "2 MB of JSON-ish garbage");
        random.NextBytes(garbage);
        CheckAll(garbage, "2 MB of random bytes");
    }

    private static void CheckAll(ReadOnlySpan<byte> line, string what)
    {
        CheckClient(line, what);
        CheckHarpd(line, acknowledged: false, what);
        CheckHarpd(line, acknowledged: true, what);
        CheckCompact(line, what);
    }

    private static void CheckClient(ReadOnlySpan<byte> line, string what)
    {
        ClientRequest request;
        try
        {
            request = ClientRequestParser.Parse(line);
        }
        catch (ProtocolException e)
        {
            Assert.True(e.ErrorType is "invalid_request" or "parse_error", e.ErrorType);
            CheckMessage(e);
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"client parser threw {e.GetType()} for {what}: {e}");
            return;
        }

        if (request is CallRequest call)
        {
            AssertCompact(call.ArgumentsJson, what);
            AssertCompact(call.InfoJson, what);
            if (call.Queue is not null)
            {
                AssertCompact(call.Queue.NameJson, what);
                AssertCompact(call.Queue.Key, what);
                Assert.True(call.Queue.Concurrency >= 1);
            }

            Assert.True(call.TimeoutSeconds is null or > 0);
            Assert.True(call.MaxExecTimeSeconds is null or > 0);
            ParsesAsJson(ClientReplies.Status(call.Host, call.Procedure, call.ArgumentsJson, 1, 2, 3, call.InfoJson), what);
            ParsesAsJson(HarpdRequest.Encode(call.Procedure, call.ArgumentsJson, "u", "p"), what);
        }
    }

    private static void CheckHarpd(ReadOnlySpan<byte> line, bool acknowledged, string what)
    {
        HarpdMessage message;
        try
        {
            message = HarpdMessageParser.Parse(line, acknowledged);
        }
        catch (ProtocolException e)
        {
            Assert.Equal("protocol_error", e.ErrorType);
            CheckMessage(e);
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"harpd parser threw {e.GetType()} for {what}: {e}");
            return;
        }

        switch (message)
        {
            case HarpdAck:
                Assert.False(acknowledged);
                break;
            case HarpdStream stream:
                Assert.True(acknowledged);
                AssertCompact(stream.DataJson, what);
                ParsesAsJson(ClientReplies.Packet(0, stream.DataJson, 1), what);
                break;
            case HarpdResult result:
                Assert.True(acknowledged);
                AssertCompact(result.ValueJson, what);
                ParsesAsJson(ClientReplies.OutcomeResult(result.ValueJson), what);
                break;
            case HarpdException exception:
                Assert.True(acknowledged);
                AssertCompact(exception.ObjectJson, what);
                ParsesAsJson(ClientReplies.OutcomeExceptionRaw(exception.ObjectJson), what);
                ParsesAsJson(ClientReplies.OutcomeException(exception.Type, exception.Message, null), what);
                break;
            case HarpdError error:
                AssertCompact(error.ObjectJson, what);
                ParsesAsJson(ClientReplies.OutcomeErrorRaw(error.ObjectJson), what);
                ParsesAsJson(ClientReplies.Error(error.Type, error.Message), what);
                break;
            default:
                Assert.Fail($"unexpected message {message}");
                break;
        }
    }

    private static void CheckCompact(ReadOnlySpan<byte> line, string what)
    {
        try
        {
            byte[] compact = JsonText.Compact(line);
            AssertCompact(compact, what);
        }
        catch (ProtocolException e)
        {
            Assert.Equal("parse_error", e.ErrorType);
            CheckMessage(e);
        }
        catch (Exception e)
        {
            Assert.Fail($"Compact threw {e.GetType()} for {what}: {e}");
        }
    }

    private static void CheckMessage(ProtocolException e)
    {
        Assert.False(string.IsNullOrEmpty(e.Message));
        Assert.True(e.Message.Length < 300, e.Message);
    }

    private static void AssertCompact(string json, string what) => AssertCompact(Encoding.UTF8.GetBytes(json), what);

    private static void AssertCompact(byte[] json, string what)
    {
        // Compact output is valid JSON and a fixed point of Compact.
        Assert.True(JsonText.Compact(json).AsSpan().SequenceEqual(json), what);
    }

    private static void ParsesAsJson(byte[] line, string what)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 1024 });
        }
        catch (JsonException e)
        {
            Assert.Fail($"encoder produced invalid JSON for {what}: {e.Message}");
        }
    }
}
