using System.Buffers;
using System.Text.Json;
using static HarpCaller.Protocol.Tests.Utf8Text;

namespace HarpCaller.Protocol.Tests;

public class ClientRepliesTests
{
    [Fact]
    public void JobId_IsLowerCaseUuid()
    {
        var id = Guid.Parse("6F1C5E4A-ABCD-4EF0-8A12-0123456789AB");
        Assert.Equal("{\"harpcaller\":1,\"job_id\":\"6f1c5e4a-abcd-4ef0-8a12-0123456789ab\"}\n", Text(ClientReplies.JobId(id)));
    }

    [Fact]
    public void SimpleReplies_HaveExactLayout()
    {
        Assert.Equal("{\"cancelled\":true}\n", Text(ClientReplies.Cancelled(true)));
        Assert.Equal("{\"cancelled\":false}\n", Text(ClientReplies.Cancelled(false)));
        Assert.Equal("{\"no_result\":true}\n", Text(ClientReplies.NoResult()));
        Assert.Equal("{\"continue\":true}\n", Text(ClientReplies.Continue()));
        Assert.Equal("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}\n", Text(ClientReplies.InvalidJobId()));
    }

    [Fact]
    public void SimpleReplies_ReturnFreshArrays()
    {
        byte[] first = ClientReplies.NoResult();
        first[0] = (byte)'x';
        Assert.Equal("{\"no_result\":true}\n", Text(ClientReplies.NoResult()));
    }

    [Fact]
    public void Error_WithAndWithoutData()
    {
        Assert.Equal("{\"error\":{\"type\":\"timeout\",\"message\":\"no message from the daemon in 600 s\"}}\n",
            Text(ClientReplies.Error("timeout", "no message from the daemon in 600 s")));
        Assert.Equal("{\"error\":{\"type\":\"network_error\",\"message\":\"connection refused\",\"data\":{\"reason\":\"econnrefused\"}}}\n",
            Text(ClientReplies.Error("network_error", "connection refused", "{\"reason\":\"econnrefused\"}")));
        Assert.Equal("{\"error\":{\"type\":\"t\",\"message\":\"m\",\"data\":null}}\n", Text(ClientReplies.Error("t", "m", "null")));
    }

    [Fact]
    public void Error_EscapesStrings_AndKeepsNonAsciiAsUtf8()
    {
        Assert.Equal(
            "{\"error\":{\"type\":\"x\",\"message\":\"a \\\"q\\\" \\\\ \\n\\r\\t\\b\\f\\u0001\\u001f é 😀 \u2028 / <>&'\"}}\n",
            Text(ClientReplies.Error("x", "a \"q\" \\ \n\r\t\b\f\u0001\u001f é 😀 \u2028 / <>&'")));
    }

    [Fact]
    public void Error_WritesLoneSurrogatesAsEscapes()
    {
        Assert.Equal("{\"error\":{\"type\":\"x\",\"message\":\"a\\ud800b\\udc00\"}}\n", Text(ClientReplies.Error("x", "a\ud800b\udc00")));
        Assert.Equal("{\"error\":{\"type\":\"x\",\"message\":\"\\udbff\"}}\n", Text(ClientReplies.Error("x", "\udbff")));
    }

    [Fact]
    public void InvalidRequest_UsesTheExceptionsTypeAndMessage()
    {
        var e = Assert.Throws<ProtocolException>(() => ClientRequestParser.Parse(Bytes("{\"harpcaller\":1,\"cancel\":1}")));
        Assert.Equal("{\"error\":{\"type\":\"invalid_request\",\"message\":\"'cancel' must be a job id string\"}}\n", Text(ClientReplies.InvalidRequest(e)));
        Assert.Equal("{\"error\":{\"type\":\"parse_error\",\"message\":\"m\"}}\n", Text(ClientReplies.InvalidRequest(new ProtocolException("parse_error", "m"))));
    }

    [Fact]
    public void Status_HasExactLayout()
    {
        Assert.Equal(
            "{\"call\":{\"host\":\"web01\",\"procedure\":\"restart\",\"arguments\":[1,1e+300]},\"time\":{\"submit\":1455282411,\"start\":1455282412,\"end\":1455282413},\"info\":{\"by\":\"me\"}}\n",
            Text(ClientReplies.Status("web01", "restart", "[1,1e+300]", 1455282411, 1455282412, 1455282413, "{\"by\":\"me\"}")));
        Assert.Equal(
            "{\"call\":{\"host\":\"h\\\"\",\"procedure\":\"p\",\"arguments\":{}},\"time\":{\"submit\":1,\"start\":null,\"end\":null},\"info\":null}\n",
            Text(ClientReplies.Status("h\"", "p", "{}", 1, null, null, "null")));
    }

    [Fact]
    public void Status_WithLargeArguments_IsComplete()
    {
        string arguments = "[\"" + new string('é', 100_000) + "\"]";
        byte[] line = ClientReplies.Status("h", "p", arguments, 1, 2, null, "null");
        using JsonDocument document = JsonDocument.Parse(line);
        Assert.Equal(arguments, document.RootElement.GetProperty("call").GetProperty("arguments").GetRawText());
    }

    [Fact]
    public void Packet_HasExactLayout()
    {
        Assert.Equal("{\"packet\":0,\"data\":{\"a\":1}}\n", Text(ClientReplies.Packet(0, "{\"a\":1}"u8, null)));
        Assert.Equal("{\"packet\":42,\"data\":123456789012345678901234567890,\"time\":1455282411}\n",
            Text(ClientReplies.Packet(42, "123456789012345678901234567890"u8, 1455282411)));
        Assert.Equal("{\"packet\":9223372036854775807,\"data\":null,\"time\":-9223372036854775808}\n",
            Text(ClientReplies.Packet(long.MaxValue, "null"u8, long.MinValue)));
    }

    [Fact]
    public void WritePacket_WritesTheSameBytesAsPacket()
    {
        var writer = new ArrayBufferWriter<byte>();
        ClientReplies.WritePacket(writer, 7, "[\"x\"]"u8, 12);
        ClientReplies.WritePacket(writer, 8, "1e+300"u8, null);
        Assert.Equal(
            Text(ClientReplies.Packet(7, "[\"x\"]"u8, 12)) + Text(ClientReplies.Packet(8, "1e+300"u8, null)),
            Text(writer.WrittenSpan));
        Assert.Equal("{\"packet\":7,\"data\":[\"x\"],\"time\":12}\n{\"packet\":8,\"data\":1e+300}\n", Text(writer.WrittenSpan));
    }

    [Fact]
    public void WritePacket_DoesNotAllocate()
    {
        var writer = new ArrayBufferWriter<byte>(1 << 20);
        ReadOnlySpan<byte> data = "{\"line\":\"some output\"}"u8;
        ClientReplies.WritePacket(writer, 0, data, 1);
        writer.ResetWrittenCount();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            ClientReplies.WritePacket(writer, i, data, 1455282411);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Outcomes_HaveExactLayout_WithoutNewline()
    {
        Assert.Equal("{\"result\":123456789012345678901234567890}", Text(ClientReplies.OutcomeResult("123456789012345678901234567890"u8)));
        Assert.Equal("{\"cancelled\":true}", Text(ClientReplies.OutcomeCancelled()));
        Assert.Equal("{\"exception\":{\"type\":\"ValueError\",\"message\":\"bad\"}}", Text(ClientReplies.OutcomeException("ValueError", "bad", null)));
        Assert.Equal("{\"exception\":{\"type\":\"ValueError\",\"message\":\"bad\",\"data\":{\"class\":\"ValueError\"}}}",
            Text(ClientReplies.OutcomeException("ValueError", "bad", "{\"class\":\"ValueError\"}")));
        Assert.Equal("{\"error\":{\"type\":\"unknown_host\",\"message\":\"host not known\"}}", Text(ClientReplies.OutcomeError("unknown_host", "host not known", null)));
        Assert.Equal("{\"error\":{\"type\":\"network_error\",\"message\":\"m\",\"data\":{\"reason\":\"closed\"}}}",
            Text(ClientReplies.OutcomeError("network_error", "m", "{\"reason\":\"closed\"}")));
        Assert.Equal("{\"exception\":{\"type\":\"E\",\"message\":\"\\u00e9\",\"x\":1}}", Text(ClientReplies.OutcomeExceptionRaw("{\"type\":\"E\",\"message\":\"\\u00e9\",\"x\":1}"u8)));
        Assert.Equal("{\"error\":{\"type\":\"auth_error\",\"message\":\"m\"}}", Text(ClientReplies.OutcomeErrorRaw("{\"type\":\"auth_error\",\"message\":\"m\"}"u8)));
    }

    [Fact]
    public void RawJsonArguments_MustNotBeEmpty()
    {
        Assert.Throws<ArgumentException>(() => ClientReplies.Packet(0, default, null));
        Assert.Throws<ArgumentException>(() => ClientReplies.OutcomeResult(default));
        Assert.Throws<ArgumentException>(() => ClientReplies.Error("t", "m", string.Empty));
    }

    [Fact]
    public void Replies_ParseBackForArbitraryStrings()
    {
        var random = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            string text = RandomText(random);
            using JsonDocument document = JsonDocument.Parse(ClientReplies.Error(text, text));
            if (!HasLoneSurrogate(text))
            {
                Assert.Equal(text, document.RootElement.GetProperty("error").GetProperty("message").GetString());
            }
        }
    }

    internal static string RandomText(Random random)
    {
        char[] chars = new char[random.Next(0, 40)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(6) switch
            {
                0 => (char)random.Next(0, 0x20),
                1 => (char)random.Next(0xD800, 0xE000),
                2 => "\"\\/'<>&"[random.Next(7)],
                3 => (char)random.Next(0x80, 0xFFFF),
                _ => (char)random.Next(0x20, 0x7F),
            };
        }

        return new string(chars);
    }

    internal static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
