using static HarpCaller.Protocol.Tests.Utf8Text;

namespace HarpCaller.Protocol.Tests;

public class ClientRequestParserTests
{
    private static ClientRequest Parse(string line) => ClientRequestParser.Parse(Bytes(line));

    private static T Parse<T>(string line)
        where T : ClientRequest => Assert.IsType<T>(Parse(line));

    private static ProtocolException Rejected(string line, string errorType = "invalid_request")
    {
        var e = Assert.Throws<ProtocolException>(() => Parse(line));
        Assert.Equal(errorType, e.ErrorType);
        return e;
    }

    // ---- calls ----

    [Fact]
    public void Call_FromPythonClient_IsParsed()
    {
        var call = Parse<CallRequest>(
            "{\"info\": null, \"procedure\": \"restart\", \"harpcaller\": 1, \"host\": \"web01\", \"arguments\": [1, \"two\", {\"three\": 3.0}]}");
        Assert.Equal("web01", call.Host);
        Assert.Equal("restart", call.Procedure);
        Assert.Equal("[1,\"two\",{\"three\":3.0}]", call.ArgumentsJson);
        Assert.Null(call.TimeoutSeconds);
        Assert.Null(call.MaxExecTimeSeconds);
        Assert.Null(call.Queue);
        Assert.Equal("null", call.InfoJson);
    }

    [Fact]
    public void Call_WithEveryOption_IsParsed()
    {
        var call = Parse<CallRequest>(
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":{\"x\":1},\"timeout\":30,\"max_exec_time\":0.5,"
            + "\"queue\":{\"name\":{\"service\":\"nginx\"},\"concurrency\":3},\"info\":{\"who\": [\"me\"]}}");
        Assert.Equal("{\"x\":1}", call.ArgumentsJson);
        Assert.Equal(30.0, call.TimeoutSeconds);
        Assert.Equal(0.5, call.MaxExecTimeSeconds);
        Assert.NotNull(call.Queue);
        Assert.Equal("{\"service\":\"nginx\"}", call.Queue.NameJson);
        Assert.Equal(3, call.Queue.Concurrency);
        Assert.Equal("{\"service\":\"nginx\"}", call.Queue.Key);
        Assert.Equal("{\"who\":[\"me\"]}", call.InfoJson);
    }

    [Fact]
    public void Call_WithoutInfo_HasNullInfo()
    {
        Assert.Equal("null", Parse<CallRequest>("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]}").InfoJson);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("[[],{}]")]
    [InlineData("[123456789012345678901234567890,1e+300,-0.0,1E-7,1.0]")]
    [InlineData("{\"big\":123456789012345678901234567890,\"f\":1e+300}")]
    [InlineData("[\"\\uD83D\\uDE00\",\"😀\",\"\\u0000\",\"\\ud800\"]")]
    [InlineData("[\"\\\"quoted\\\" \\\\ back\\/slash\"]")]
    public void Call_ArgumentsRoundTripExactly(string arguments)
    {
        var call = Parse<CallRequest>($"{{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":{arguments}}}");
        Assert.Equal(arguments, call.ArgumentsJson);
    }

    [Fact]
    public void Call_ArgumentsWithPythonSeparators_AreCompacted()
    {
        var call = Parse<CallRequest>("{\"harpcaller\": 1, \"host\": \"h\", \"procedure\": \"p\", \"arguments\": {\"a\": [1, 2], \"b\": 123456789012345678901234567890}}");
        Assert.Equal("{\"a\":[1,2],\"b\":123456789012345678901234567890}", call.ArgumentsJson);
    }

    [Theory]
    [InlineData("\"\\uD83D\\uDE00\"", "😀")]
    [InlineData("\"😀\"", "😀")]
    [InlineData("\"web\\u0030\\u0031.example.net\"", "web01.example.net")]
    [InlineData("\"zażółć\"", "zażółć")]
    public void Call_HostIsDecoded(string hostJson, string expected)
    {
        Assert.Equal(expected, Parse<CallRequest>($"{{\"harpcaller\":1,\"host\":{hostJson},\"procedure\":\"p\",\"arguments\":[]}}").Host);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData(" \r")]
    [InlineData("\t \r")]
    public void Request_WithTrailingWhitespaceAndCarriageReturn_IsAccepted(string trailer)
    {
        Assert.IsType<CancelRequest>(Parse(" \t{ \"harpcaller\" : 1 , \"cancel\" : \"x\" }" + trailer));
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Call_KeysInAnyOrder_AreAccepted(int seed)
    {
        string[] members =
        [
            "\"harpcaller\": 1", "\"host\": \"h\"", "\"procedure\": \"p\"", "\"arguments\": [1]", "\"timeout\": 5",
            "\"max_exec_time\": 7", "\"queue\": {\"concurrency\": 2, \"name\": {\"q\": 1}}", "\"info\": \"i\"",
        ];
        var random = new Random(seed);
        random.Shuffle(members);
        var call = Parse<CallRequest>("{" + string.Join(", ", members) + "}");
        Assert.Equal(new CallRequest("h", "p", "[1]", 5, 7, call.Queue, "\"i\""), call);
        Assert.Equal(new QueueSpec("{\"q\":1}", "{\"q\":1}", 2), call.Queue);
    }

    [Theory]
    [InlineData("30", 30.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E+2", 100.0)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568E+29)]
    [InlineData("1e400", double.MaxValue)]
    [InlineData("1e308", 1e308)]
    public void Call_TimeoutAndMaxExecTime_AcceptPositiveNumbers(string number, double expected)
    {
        var call = Parse<CallRequest>($"{{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"timeout\":{number},\"max_exec_time\":{number}}}");
        Assert.Equal(expected, call.TimeoutSeconds);
        Assert.Equal(expected, call.MaxExecTimeSeconds);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("-1")]
    [InlineData("-1e400")]
    [InlineData("1e-400")]
    [InlineData("\"30\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[30]")]
    [InlineData("{}")]
    public void Call_TimeoutAndMaxExecTime_RejectAnythingButPositiveNumbers(string value)
    {
        foreach (string key in new[] { "timeout", "max_exec_time" })
        {
            var e = Rejected($"{{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"{key}\":{value}}}");
            Assert.Contains($"'{key}'", e.Message, StringComparison.Ordinal);
        }
    }

    // ---- queues ----

    private static QueueSpec Queue(string queueJson) =>
        Parse<CallRequest>($"{{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"queue\":{queueJson}}}").Queue!;

    [Theory]
    [InlineData("{\"name\":{\"a\":1}}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":1}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":5}", 5)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":2147483647}", int.MaxValue)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":2147483648}", int.MaxValue)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":123456789012345678901234567890}", int.MaxValue)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":-123456789012345678901234567890}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":0}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":-3}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":-0}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":1.5}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":2.0}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":2e0}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":\"4\"}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":null}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":true}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":[4]}", 1)]
    [InlineData("{\"name\":{\"a\":1},\"concurrency\":{\"n\":4}}", 1)]
    [InlineData("{\"concurrency\":7,\"name\":{\"a\":1}}", 7)]
    public void Queue_ConcurrencyThatIsNotAPositiveInt_CountsAsOne(string queueJson, int expected)
    {
        Assert.Equal(expected, Queue(queueJson).Concurrency);
    }

    [Fact]
    public void Queue_NameIsPassedThroughCompact()
    {
        QueueSpec queue = Queue("{ \"name\" : { \"service\" : \"nginx\" , \"n\" : 1.0 , \"e\" : \"\\u00e9\" } }");
        Assert.Equal("{\"service\":\"nginx\",\"n\":1.0,\"e\":\"\\u00e9\"}", queue.NameJson);
        Assert.Equal("{\"e\":\"é\",\"n\":1.0,\"service\":\"nginx\"}", queue.Key);
    }

    [Fact]
    public void Queue_EmptyNameObject_IsAQueue()
    {
        Assert.Equal("{}", Queue("{\"name\":{}}").Key);
    }

    [Theory]
    [InlineData("{\"service\":\"nginx\",\"host\":\"web01\"}", "{\"host\":\"web01\",\"service\":\"nginx\"}")]
    [InlineData("{\"a\":{\"x\":1,\"y\":2}}", "{ \"a\" : { \"y\" : 2 , \"x\" : 1 } }")]
    [InlineData("{\"s\":\"\\u0061\"}", "{\"s\":\"a\"}")]
    [InlineData("{\"s\":\"\\uD83D\\uDE00\"}", "{\"s\":\"😀\"}")]
    public void Queue_KeyIgnoresKeyOrderAndEscapes(string left, string right)
    {
        Assert.Equal(Queue($"{{\"name\":{left}}}").Key, Queue($"{{\"name\":{right}}}").Key);
    }

    [Theory]
    [InlineData("{\"n\":1}", "{\"n\":1.0}")]
    [InlineData("{\"n\":1}", "{\"n\":\"1\"}")]
    [InlineData("{\"l\":[1,2]}", "{\"l\":[2,1]}")]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":null}")]
    public void Queue_KeyDistinguishesDifferentNames(string left, string right)
    {
        Assert.NotEqual(Queue($"{{\"name\":{left}}}").Key, Queue($"{{\"name\":{right}}}").Key);
    }

    [Theory]
    [InlineData("[]", "'queue' must be an object")]
    [InlineData("\"q\"", "'queue' must be an object")]
    [InlineData("null", "'queue' must be an object")]
    [InlineData("{}", "'name'")]
    [InlineData("{\"concurrency\":2}", "'name'")]
    [InlineData("{\"name\":\"q\"}", "'name' must be an object")]
    [InlineData("{\"name\":[\"q\"]}", "'name' must be an object")]
    [InlineData("{\"name\":null}", "'name' must be an object")]
    [InlineData("{\"name\":{},\"priority\":1}", "unknown key 'priority'")]
    [InlineData("{\"name\":{},\"name\":{}}", "duplicate key 'name'")]
    [InlineData("{\"name\":{},\"concurrency\":1,\"concurrency\":2}", "duplicate key 'concurrency'")]
    public void Queue_Malformed_IsInvalidRequest(string queueJson, string messagePart)
    {
        var e = Rejected($"{{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"queue\":{queueJson}}}");
        Assert.Contains(messagePart, e.Message, StringComparison.Ordinal);
    }

    // ---- job requests ----

    [Fact]
    public void Cancel_IsParsed()
    {
        Assert.Equal(new CancelRequest("6f1c5e4a-0000-4000-8000-000000000000"), Parse("{\"harpcaller\": 1, \"cancel\": \"6f1c5e4a-0000-4000-8000-000000000000\"}"));
    }

    [Fact]
    public void GetStatus_IsParsed()
    {
        Assert.Equal(new GetStatusRequest("j"), Parse("{\"get_status\":\"j\",\"harpcaller\":1}"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(",\"wait\":true", true)]
    [InlineData(",\"wait\":false", false)]
    [InlineData(", \"wait\": false", false)]
    public void GetResult_WaitDefaultsToTrue(string wait, bool expected)
    {
        Assert.Equal(new GetResultRequest("j", expected), Parse($"{{\"harpcaller\":1,\"get_result\":\"j\"{wait}}}"));
    }

    [Theory]
    [InlineData("", null, null)]
    [InlineData(",\"since\":0", 0L, null)]
    [InlineData(",\"since\":17", 17L, null)]
    [InlineData(",\"recent\":0", null, 0L)]
    [InlineData(",\"recent\":5", null, 5L)]
    [InlineData(",\"since\":-0", 0L, null)]
    [InlineData(",\"since\":9223372036854775807", long.MaxValue, null)]
    [InlineData(",\"since\":9223372036854775808", long.MaxValue, null)]
    [InlineData(",\"recent\":123456789012345678901234567890", null, long.MaxValue)]
    public void StreamRequests_SinceAndRecent_AreParsed(string options, long? since, long? recent)
    {
        Assert.Equal(new FollowStreamRequest("j", since, recent), Parse($"{{\"harpcaller\":1,\"follow_stream\":\"j\"{options}}}"));
        Assert.Equal(new ReadStreamRequest("j", since, recent), Parse($"{{\"harpcaller\":1,\"read_stream\":\"j\"{options}}}"));
    }

    [Theory]
    [InlineData("\"j\"", "j")]
    [InlineData("\"\"", "")]
    [InlineData("\"not-a-uuid at all\"", "not-a-uuid at all")]
    [InlineData("\"\\u0041\"", "A")]
    [InlineData("\"😀\"", "😀")]
    public void JobId_AnyStringIsAccepted(string idJson, string expected)
    {
        foreach (string op in new[] { "cancel", "get_result", "get_status", "follow_stream", "read_stream" })
        {
            ClientRequest request = Parse($"{{\"harpcaller\":1,\"{op}\":{idJson}}}");
            string id = request switch
            {
                CancelRequest r => r.JobId,
                GetResultRequest r => r.JobId,
                GetStatusRequest r => r.JobId,
                FollowStreamRequest r => r.JobId,
                ReadStreamRequest r => r.JobId,
                _ => throw new InvalidOperationException(),
            };
            Assert.Equal(expected, id);
        }
    }

    [Fact]
    public void JobId_WithLoneSurrogateEscape_IsAccepted()
    {
        // Not inline data: the test runner mangles lone surrogates in serialised arguments.
        Assert.Equal(new CancelRequest("\ud800"), Parse("{\"harpcaller\":1,\"cancel\":\"\\ud800\"}"));
    }

    [Fact]
    public void EscapedKeyNames_AreRecognised()
    {
        Assert.Equal(new GetResultRequest("j", false), Parse("{\"\\u0068arpcaller\":1,\"get\\u005fresult\":\"j\",\"w\\u0061it\":false}"));
    }

    // ---- rejections ----

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r")]
    [InlineData("hello")]
    [InlineData("{")]
    [InlineData("{\"harpcaller\":1,")]
    [InlineData("{\"harpcaller\":1,}")]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\"} x")]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\"}{}")]
    [InlineData("{'harpcaller':1}")]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\n\"}")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[NaN]}")]
    [InlineData("[1,2")]
    public void NotJson_IsParseError(string line)
    {
        Rejected(line, "parse_error");
    }

    [Fact]
    public void InvalidUtf8_IsParseError()
    {
        byte[] line = Bytes("{\"harpcaller\":1,\"cancel\":\"xx\"}");
        line[^3] = 0xFF;
        var e = Assert.Throws<ProtocolException>(() => ClientRequestParser.Parse(line));
        Assert.Equal("parse_error", e.ErrorType);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("1")]
    [InlineData("\"harpcaller\"")]
    [InlineData("null")]
    [InlineData("[{\"harpcaller\":1,\"cancel\":\"j\"}]")]
    public void NotAnObject_IsInvalidRequest(string line)
    {
        Assert.Contains("not a JSON object", Rejected(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":2,\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":\"1\",\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":1.0,\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":1e0,\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":true,\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":null,\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":[1],\"cancel\":\"j\"}")]
    public void MissingOrWrongHarpcaller_IsInvalidRequest(string line)
    {
        Assert.Contains("'harpcaller'", Rejected(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"harpcaller\":1}")]
    [InlineData("{}")]
    [InlineData("{\"harpcaller\":1,\"wait\":true}")]
    [InlineData("{\"harpcaller\":1,\"since\":1}")]
    [InlineData("{\"harpcaller\":1,\"info\":null}")]
    public void NoOperation_IsInvalidRequest(string line)
    {
        string message = Rejected(line).Message;
        Assert.True(message.Contains("no operation", StringComparison.Ordinal) || message.Contains("'harpcaller'", StringComparison.Ordinal), message);
    }

    [Theory]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\",\"get_status\":\"j\"}")]
    [InlineData("{\"harpcaller\":1,\"get_result\":\"j\",\"read_stream\":\"j\"}")]
    [InlineData("{\"harpcaller\":1,\"follow_stream\":\"j\",\"read_stream\":\"j\"}")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"cancel\":\"j\"}")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"get_status\":\"j\"}")]
    public void SeveralOperations_AreInvalidRequest(string line)
    {
        Assert.Contains("more than one operation", Rejected(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"harpcaller\":1,\"procedure\":\"p\",\"arguments\":[]}", "'host'")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"arguments\":[]}", "'procedure'")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\"}", "'arguments'")]
    [InlineData("{\"harpcaller\":1,\"arguments\":[]}", "'host'")]
    public void IncompleteCall_IsInvalidRequest(string line, string missing)
    {
        Assert.Contains(missing, Rejected(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"harpcaller\":1,\"get_status\":\"j\",\"wait\":true}", "'wait'")]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\",\"wait\":false}", "'wait'")]
    [InlineData("{\"harpcaller\":1,\"follow_stream\":\"j\",\"wait\":true}", "'wait'")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"since\":0}", "'since'")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"wait\":true}", "'wait'")]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\",\"timeout\":5}", "'timeout'")]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\",\"info\":null}", "'info'")]
    [InlineData("{\"harpcaller\":1,\"get_result\":\"j\",\"queue\":{\"name\":{}}}", "'queue'")]
    [InlineData("{\"harpcaller\":1,\"get_result\":\"j\",\"recent\":1}", "'recent'")]
    [InlineData("{\"harpcaller\":1,\"get_status\":\"j\",\"since\":1}", "'since'")]
    [InlineData("{\"harpcaller\":1,\"read_stream\":\"j\",\"max_exec_time\":1}", "'max_exec_time'")]
    public void OptionOfAnotherOperation_IsInvalidRequest(string line, string key)
    {
        string message = Rejected(line).Message;
        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.Contains("is not an option of", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\",\"foo\":1}", "unknown key 'foo'")]
    [InlineData("{\"harpcaller\":1,\"Cancel\":\"j\"}", "unknown key 'Cancel'")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[],\"concurrency\":2}", "unknown key 'concurrency'")]
    [InlineData("{\"harpcaller\":1,\"cancel\":\"j\",\"cancel\":\"k\"}", "duplicate key 'cancel'")]
    [InlineData("{\"harpcaller\":1,\"harpcaller\":1,\"cancel\":\"j\"}", "duplicate key 'harpcaller'")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h\",\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]}", "duplicate key 'host'")]
    [InlineData("{\"harpcaller\":1,\"get_result\":\"j\",\"w\\u0061it\":true,\"wait\":true}", "duplicate key 'wait'")]
    public void UnknownAndDuplicateKeys_AreInvalidRequest(string line, string messagePart)
    {
        Assert.Contains(messagePart, Rejected(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"host\":1,\"procedure\":\"p\",\"arguments\":[]", "'host'")]
    [InlineData("\"host\":null,\"procedure\":\"p\",\"arguments\":[]", "'host'")]
    [InlineData("\"host\":[\"h\"],\"procedure\":\"p\",\"arguments\":[]", "'host'")]
    [InlineData("\"host\":\"h\",\"procedure\":null,\"arguments\":[]", "'procedure'")]
    [InlineData("\"host\":\"h\",\"procedure\":{},\"arguments\":[]", "'procedure'")]
    [InlineData("\"host\":\"h\",\"procedure\":\"p\",\"arguments\":\"x\"", "'arguments'")]
    [InlineData("\"host\":\"h\",\"procedure\":\"p\",\"arguments\":1", "'arguments'")]
    [InlineData("\"host\":\"h\",\"procedure\":\"p\",\"arguments\":null", "'arguments'")]
    [InlineData("\"host\":\"h\",\"procedure\":\"p\",\"arguments\":true", "'arguments'")]
    [InlineData("\"host\":\"\\ud800\",\"procedure\":\"p\",\"arguments\":[]", "'host'")]
    [InlineData("\"host\":\"h\",\"procedure\":\"a\\udc00b\",\"arguments\":[]", "'procedure'")]
    [InlineData("\"cancel\":1", "'cancel'")]
    [InlineData("\"cancel\":null", "'cancel'")]
    [InlineData("\"cancel\":[\"j\"]", "'cancel'")]
    [InlineData("\"get_status\":{}", "'get_status'")]
    [InlineData("\"get_result\":true", "'get_result'")]
    [InlineData("\"follow_stream\":5", "'follow_stream'")]
    [InlineData("\"read_stream\":null", "'read_stream'")]
    [InlineData("\"get_result\":\"j\",\"wait\":\"true\"", "'wait'")]
    [InlineData("\"get_result\":\"j\",\"wait\":1", "'wait'")]
    [InlineData("\"get_result\":\"j\",\"wait\":null", "'wait'")]
    [InlineData("\"follow_stream\":\"j\",\"since\":-1", "'since'")]
    [InlineData("\"follow_stream\":\"j\",\"since\":1.5", "'since'")]
    [InlineData("\"follow_stream\":\"j\",\"since\":1.0", "'since'")]
    [InlineData("\"follow_stream\":\"j\",\"since\":1e2", "'since'")]
    [InlineData("\"follow_stream\":\"j\",\"since\":\"1\"", "'since'")]
    [InlineData("\"follow_stream\":\"j\",\"since\":null", "'since'")]
    [InlineData("\"read_stream\":\"j\",\"recent\":-123456789012345678901234567890", "'recent'")]
    [InlineData("\"read_stream\":\"j\",\"recent\":[]", "'recent'")]
    [InlineData("\"read_stream\":\"j\",\"since\":0,\"recent\":0", "'since' and 'recent'")]
    [InlineData("\"follow_stream\":\"j\",\"recent\":1,\"since\":2", "'since' and 'recent'")]
    public void WrongTypes_AreInvalidRequest_NamingTheKey(string members, string messagePart)
    {
        Assert.Contains(messagePart, Rejected($"{{\"harpcaller\":1,{members}}}").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_Of512Levels_IsAccepted_AndDeeperIsRejected()
    {
        // The request object is level 1, so the arguments may take 511 more.
        string ok = "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":" + new string('[', 511) + new string(']', 511) + "}";
        Assert.IsType<CallRequest>(Parse(ok));
        string deep = "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":" + new string('[', 512) + new string(']', 512) + "}";
        Rejected(deep, "parse_error");
        Rejected("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":" + new string('[', 10_000) + new string(']', 10_000) + "}", "parse_error");
    }

    [Fact]
    public void Queue_NameNestedToTheLimit_IsAccepted()
    {
        // request (1) > queue (2) > name (3) > 509 arrays = 512 levels.
        string name = "{\"n\":" + new string('[', 509) + new string(']', 509) + "}";
        QueueSpec queue = Queue("{\"name\":" + name + "}");
        Assert.Equal(name, queue.NameJson);
    }

    [Fact]
    public void Messages_QuoteAtMostAFewDozenCharactersOfInput()
    {
        string longKey = new string('k', 10_000);
        var e = Rejected($"{{\"harpcaller\":1,\"cancel\":\"j\",\"{longKey}\":1}}");
        Assert.True(e.Message.Length < 120, e.Message);

        string escapedKey = string.Concat(Enumerable.Repeat("\\u00e9", 5_000));
        e = Rejected($"{{\"harpcaller\":1,\"cancel\":\"j\",\"{escapedKey}\":1}}");
        Assert.True(e.Message.Length < 120, e.Message);
        Assert.Contains("éééé", e.Message, StringComparison.Ordinal);

        e = Rejected("{\"harpcaller\":1,\"cancel\":\"j\",\"" + new string('x', 5000) + "\"" + new string('y', 5000) + "}", "parse_error");
        Assert.True(e.Message.Length < 250, e.Message);

        e = Rejected("t" + new string('r', 100_000), "parse_error");
        Assert.True(e.Message.Length < 250, e.Message);
    }

    [Fact]
    public void LargeCall_OfTwoMegabytes_IsParsed()
    {
        string payload = new string('x', 2 * 1024 * 1024);
        var call = Parse<CallRequest>("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[\"" + payload + "\"]}");
        Assert.Equal("[\"" + payload + "\"]", call.ArgumentsJson);
    }
}
