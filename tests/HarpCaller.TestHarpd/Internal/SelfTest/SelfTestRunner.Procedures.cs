using System.Text;
using static HarpCaller.TestHarpd.Internal.SelfTest.SelfTestClient;

namespace HarpCaller.TestHarpd.Internal.SelfTest;

/// <summary>Every built-in procedure, with the exact Python-style lines expected.</summary>
internal sealed partial class SelfTestRunner
{
    private const string PlainAck = """{"harp": 1, "stream_result": false}""";
    private const string StreamAck = """{"harp": 1, "stream_result": true}""";

    private async Task ProcedureChecksAsync(SelfTestClient client)
    {
        // Big and exotic numbers, escapes Python spells differently (\/, upper-case hex, DEL),
        // raw non-BMP UTF-8 and nesting, all written compactly by the caller.
        string echoArguments =
            "[123456789012345678901234567890, 1e+300, -0.5E-3, \"x\\u0001\\u00E9\\u007F\\t\\/\\\"q\\\"\", "
            + "\"\u00e9\U0001F600\", \"del\u007f\", {\"a\":[1,2,{}],\"b\":[]}, true, false, null]";
        await CheckCallAsync(client, "echo: list passes through, Python-style", Request("echo", echoArguments),
            PlainAck,
            """{"result": [123456789012345678901234567890, 1e+300, -0.5E-3, "x\u0001\u00e9\u007f\t/\"q\"", "\u00e9\ud83d\ude00", "del\u007f", {"a": [1, 2, {}], "b": []}, true, false, null]}""")
            .ConfigureAwait(false);
        await CheckCallAsync(client, "echo: object arguments", Request("echo", """{"k":"v","n":1.50}"""),
            PlainAck, """{"result": {"k": "v", "n": 1.50}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "echo: empty list", Request("echo", "[]"),
            PlainAck, """{"result": []}""").ConfigureAwait(false);
        await CheckCallAsync(client, "return: list form", Request("return", "[42]"),
            PlainAck, """{"result": 42}""").ConfigureAwait(false);
        await CheckCallAsync(client, "return: object form", Request("return", """{"value":{"x":"y"}}"""),
            PlainAck, """{"result": {"x": "y"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "return: wrong arity is bad_arguments", Request("return", "[1,2]"),
            PlainAck, """{"exception": {"type": "bad_arguments", "message": "return takes exactly one argument"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "stream: N packets then N", Request("stream", "[3]"),
            StreamAck, """{"stream": 0}""", """{"stream": 1}""", """{"stream": 2}""", """{"result": 3}""").ConfigureAwait(false);
        await CheckCallAsync(client, "stream: zero packets", Request("stream", """{"count":0}"""),
            StreamAck, """{"result": 0}""").ConfigureAwait(false);
        await CheckAsync("stream: delay_ms spaces packets", async () =>
        {
            Transcript t = await client.CallAsync(Request("stream", "[3, 50]")).ConfigureAwait(false);
            ExpectLines(t, StreamAck, """{"stream": 0}""", """{"stream": 1}""", """{"stream": 2}""", """{"result": 3}""");
            Expect(t.Elapsed >= TimeSpan.FromMilliseconds(95), "took only " + t.Elapsed);
        }).ConfigureAwait(false);
        await CheckCallAsync(client, "stream_values: one packet per element", Request("stream_values", """[[1,"a",null,{"x":[1e5]}]]"""),
            StreamAck, """{"stream": 1}""", """{"stream": "a"}""", """{"stream": null}""", """{"stream": {"x": [1e5]}}""", """{"result": "done"}""").ConfigureAwait(false);
        await CheckCallAsync(client, "stream_values: not a list is bad_arguments", Request("stream_values", "[5]"),
            PlainAck, """{"exception": {"type": "bad_arguments", "message": "values must be a list"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "raise: with data", Request("raise", """["ValueError","bad value",{"x":1}]"""),
            PlainAck, """{"exception": {"type": "ValueError", "message": "bad value", "data": {"x": 1}}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "raise: object form, no data", Request("raise", """{"type":"E","message":"m"}"""),
            PlainAck, """{"exception": {"type": "E", "message": "m"}}""").ConfigureAwait(false);
        await CheckAsync("sleep: waits, then slept", async () =>
        {
            Transcript t = await client.CallAsync(Request("sleep", "[0.2]")).ConfigureAwait(false);
            ExpectLines(t, PlainAck, """{"result": "slept"}""");
            Expect(t.Elapsed >= TimeSpan.FromMilliseconds(190), "took only " + t.Elapsed);
        }).ConfigureAwait(false);
        await CheckCallAsync(client, "stream_sleep: packets, wait, count", Request("stream_sleep", "[2, 0.05]"),
            StreamAck, """{"stream": 0}""", """{"stream": 1}""", """{"result": 2}""").ConfigureAwait(false);
        await CheckAsync("garbage: ack, then non-JSON non-UTF-8 bytes", async () =>
        {
            Transcript t = await client.CallAsync(Request("garbage", "[]")).ConfigureAwait(false);
            Expect(t.RawLines.Count == 2 && t.Lines[0] == PlainAck, "got " + t);
            Expect(t.RawLines[1].AsSpan().IndexOf((byte)0xFF) >= 0, "no 0xFF byte in " + t);
        }).ConfigureAwait(false);
        await CheckAsync("garbage_before_ack: only a non-JSON line", async () =>
        {
            Transcript t = await client.CallAsync(Request("garbage_before_ack", "[]")).ConfigureAwait(false);
            Expect(t.RawLines.Count == 1 && t.Lines[0].StartsWith("<<this is not JSON>>", StringComparison.Ordinal), "got " + t);
        }).ConfigureAwait(false);
        await CheckCallAsync(client, "drop: packets, then closed without result", Request("drop", "[2]"),
            StreamAck, """{"stream": 0}""", """{"stream": 1}""").ConfigureAwait(false);
        await CheckCallAsync(client, "close_immediately: nothing at all", Request("close_immediately", "[]")).ConfigureAwait(false);
        await CheckCallAsync(client, "error_before_ack", Request("error_before_ack", """["timeout","too slow"]"""),
            """{"harp": 1, "error": {"type": "timeout", "message": "too slow"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "error_after_ack: with data", Request("error_after_ack", """["shutdown","bye",{"k":1}]"""),
            PlainAck, """{"harp": 1, "error": {"type": "shutdown", "message": "bye", "data": {"k": 1}}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "result_before_ack", Request("result_before_ack", "[]"),
            """{"result": "early"}""").ConfigureAwait(false);
        await CheckCallAsync(client, "ack_extra_keys", Request("ack_extra_keys", "[]"),
            """{"harp": 1, "stream_result": false, "extra": "unexpected"}""", """{"result": "ok"}""").ConfigureAwait(false);
        await CheckCallAsync(client, "stream_after_plain_ack", Request("stream_after_plain_ack", "[]"),
            PlainAck, """{"stream": 1}""", """{"result": "ok"}""").ConfigureAwait(false);
        await CheckCallAsync(client, "bad_error_object: message missing", Request("bad_error_object", "[]"),
            """{"harp": 1, "error": {"type": "system_error"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "bad_error_object: non-string type", Request("bad_error_object", """["non_string_type"]"""),
            """{"harp": 1, "error": {"type": 42, "message": "type is a number"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "unicode: non-BMP as surrogate-pair escapes", Request("unicode", "[]"),
            PlainAck,
            """{"result": {"text": "caf\u00e9 \u2014 \u65e5\u672c\u8a9e \u2603 \ud83d\ude00 \u2028end", "emoji": "\ud83d\ude00", "cl\u00e9": "\u00fcber"}}""")
            .ConfigureAwait(false);
        await CheckAsync("echo: 15 MiB argument round trip", async () =>
        {
            string big = string.Create(15 * 1024 * 1024, 0, static (span, _) =>
            {
                for (int i = 0; i < span.Length; i++)
                {
                    span[i] = (char)('a' + (i % 26));
                }
            });
            Transcript t = await client.CallAsync(Request("echo", "[\"" + big + "\"]")).ConfigureAwait(false);
            ExpectLines(t, PlainAck, "{\"result\": [\"" + big + "\"]}");
        }).ConfigureAwait(false);
        await CheckAsync("stream: 100000 packets in batches", async () =>
        {
            Transcript t = await client.CallAsync(Request("stream", "[100000]")).ConfigureAwait(false);
            IReadOnlyList<string> lines = t.Lines;
            Expect(lines.Count == 100002 && lines[100000] == "{\"stream\": 99999}" && lines[^1] == "{\"result\": 100000}", "got " + lines.Count + " lines");
        }).ConfigureAwait(false);
        await CheckAsync("huge_line: exact size in bytes, written in chunks", async () =>
        {
            const int Content = (17 * 1024 * 1024) + 1; // just over a 16 MiB line limit
            Transcript t = await client.CallAsync(Request("huge_line", "{\"bytes\":" + Content + "}")).ConfigureAwait(false);
            IReadOnlyList<byte[]> lines = t.RawLines;
            Expect(lines.Count == 2 && Encoding.UTF8.GetString(lines[0]) == PlainAck, "no ack");
            byte[] line = lines[1];
            Expect(line.AsSpan().StartsWith("{\"result\": \""u8) && line.AsSpan().EndsWith("\"}"u8), "not a result line");
            Expect(line.Length == 12 + Content + 2, $"line is {line.Length} bytes");
            Expect(line.AsSpan(12, Content).IndexOfAnyExcept((byte)'x') < 0, "content is not all x");
        }).ConfigureAwait(false);
        await CheckAsync("huge_line: megabytes argument", async () =>
        {
            Transcript t = await client.CallAsync(Request("huge_line", "[0.5]")).ConfigureAwait(false);
            Expect(t.RawLines.Count == 2 && t.RawLines[1].Length == 12 + (512 * 1024) + 2, "got " + t.RawLines.Count + " lines");
        }).ConfigureAwait(false);
    }
}
