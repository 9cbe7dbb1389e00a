using System.Buffers;
using System.Text;
using System.Text.Json;
using HarpCaller.Hosts;
using HarpCaller.Hosts.Internal;

namespace HarpCaller.Tests.Hosts;

public sealed class HostLineParserTests
{
    private static bool Parse(string line, out HostEntry? entry, out HostLineRejection rejection, out string? hostname) =>
        HostLineParser.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), out entry, out rejection, out hostname);

    [Fact]
    public void TryParse_AcceptsTheManualsExampleLine()
    {
        Assert.True(Parse(HostLines.Valid("web01.example.net", "10.0.0.5", "4306", "rpc-system", "caixaudakuPus6yo"), out HostEntry? entry, out HostLineRejection rejection, out _));

        Assert.Equal(HostLineRejection.None, rejection);
        Assert.Equal("web01.example.net", entry!.Hostname);
        Assert.Equal("10.0.0.5", entry.Address);
        Assert.Equal("4306", entry.Port.GetRawText());
        Assert.Equal(new HostCredentials("rpc-system", "caixaudakuPus6yo"), entry.Credentials);
    }

    [Fact]
    public void TryParse_AcceptsExtraTopLevelKeys_AnyKeyOrder_AndWhitespace()
    {
        const string line = " { \"port\" : 4306 , \"tags\" : [\"db\"], \"credentials\" : { \"password\" : \"p\" , \"user\" : \"u\" }, \"address\" : \"::1\", \"hostname\" : \"h\", \"x\": {\"y\": null} }\r";

        Assert.True(Parse(line, out HostEntry? entry, out _, out _));
        Assert.Equal("h", entry!.Hostname);
        Assert.Equal("::1", entry.Address);
        Assert.Equal(new HostCredentials("u", "p"), entry.Credentials);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("\"4306\"")]
    [InlineData("null")]
    [InlineData("4306.5")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1e3")]
    public void TryParse_AcceptsAnyPortValue_KeepingItsTextForTheJobToReject(string port)
    {
        Assert.True(Parse(HostLines.Valid("h", port: port), out HostEntry? entry, out _, out _));

        Assert.Equal(port, entry!.Port.GetRawText());
        Assert.False(entry.TryGetPort(out _));
    }

    [Fact]
    public void TryParse_AcceptsEmptyStringsAndNonAsciiText()
    {
        Assert.True(Parse("{\"hostname\":\"h\\u00e9\\uD83D\\uDE00\",\"address\":\"\",\"port\":1,\"credentials\":{\"user\":\"\",\"password\":\"π😀\"}}", out HostEntry? entry, out _, out _));

        Assert.Equal("hé😀", entry!.Hostname);
        Assert.Equal("", entry.Address);
        Assert.Equal("π😀", entry.Credentials.Password);
    }

    [Theory]
    [MemberData(nameof(RejectedLines))]
    public void TryParse_RejectsLine_ThatBreaksARule(string rule, string line)
    {
        Assert.False(Parse(line, out HostEntry? entry, out HostLineRejection rejection, out _), rule);

        Assert.Null(entry);
        Assert.NotEqual(HostLineRejection.None, rejection);
    }

    public static TheoryData<string, string> RejectedLines() => HostLines.Rejected();

    [Theory]
    [InlineData("{\"address\":\"a\",\"port\":1,\"credentials\":{\"user\":\"u\",\"password\":\"p\"}}", "HostnameNotString")]
    [InlineData("{\"hostname\":\"h\",\"port\":1,\"credentials\":{\"user\":\"u\",\"password\":\"p\"}}", "AddressNotString")]
    [InlineData("{\"hostname\":\"h\",\"address\":\"a\",\"credentials\":{\"user\":\"u\",\"password\":\"p\"}}", "PortMissing")]
    [InlineData("{\"hostname\":\"h\",\"address\":\"a\",\"port\":1}", "CredentialsNotObject")]
    [InlineData("{\"hostname\":\"h\",\"address\":\"a\",\"port\":1,\"credentials\":{\"user\":\"u\"}}", "CredentialsKeys")]
    [InlineData("{\"hostname\":\"h\",\"address\":\"a\",\"port\":1,\"credentials\":{\"user\":\"u\",\"password\":\"p\",\"x\":1}}", "CredentialsKeys")]
    [InlineData("{\"hostname\":\"h\",\"address\":\"a\",\"port\":1,\"credentials\":{\"user\":\"u\",\"password\":null}}", "CredentialsNotStrings")]
    [InlineData("{\"hostname\":\"h\",\"address\":\"a\",\"port\":1,\"port\":2,\"credentials\":{\"user\":\"u\",\"password\":\"p\"}}", "DuplicateKey")]
    [InlineData("[1]", "NotAnObject")]
    [InlineData("{", "NotJson")]
    public void TryParse_NamesTheBrokenRule(string line, string expected)
    {
        Assert.False(Parse(line, out _, out HostLineRejection rejection, out _));
        Assert.Equal(Enum.Parse<HostLineRejection>(expected), rejection);
    }

    [Fact]
    public void TryParse_ReportsTheHostname_WhenALineWithAStringHostnameIsRejected()
    {
        Assert.False(Parse("{\"hostname\":\"web07\",\"address\":\"a\",\"port\":1,\"credentials\":{\"user\":\"u\"}}", out _, out _, out string? hostname));
        Assert.Equal("web07", hostname);
    }

    [Fact]
    public void TryParse_RejectsInvalidUtf8()
    {
        byte[] line = [.. "{\"hostname\":\""u8, 0xC3, 0x28, .. "\",\"address\":\"a\",\"port\":1,\"credentials\":{\"user\":\"u\",\"password\":\"p\"}}"u8];
        Assert.False(HostLineParser.TryParse(new ReadOnlySequence<byte>(line), out _, out HostLineRejection rejection, out _));
        Assert.Equal(HostLineRejection.NotJson, rejection);
    }

    [Fact]
    public void TryParse_RejectsInvalidUtf8InThePassword_KeepingTheHostnameForTheLog()
    {
        byte[] line = [.. "{\"hostname\":\"web03\",\"address\":\"a\",\"port\":1,\"credentials\":{\"user\":\"u\",\"password\":\""u8, 0xFF, .. "\"}}"u8];
        Assert.False(HostLineParser.TryParse(new ReadOnlySequence<byte>(line), out _, out HostLineRejection rejection, out string? hostname));
        Assert.Equal(HostLineRejection.NotJson, rejection);
        Assert.Equal("web03", hostname);
    }

    [Fact]
    public void TryParse_ParsesALineSplitAcrossSegments()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(HostLines.Valid("split"));
        ReadOnlySequence<byte> sequence = TestSequence.Split(bytes, 7);

        Assert.True(HostLineParser.TryParse(sequence, out HostEntry? entry, out _, out _));
        Assert.Equal("split", entry!.Hostname);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" \t\r", true)]
    [InlineData(" x", false)]
    public void IsBlank_IsTrueOnlyForJsonWhitespace(string line, bool blank) =>
        Assert.Equal(blank, HostLineParser.IsBlank(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line))));

    [Fact]
    public void ParsedPort_OutlivesTheParsedDocument()
    {
        Assert.True(Parse(HostLines.Valid("h", port: "4306"), out HostEntry? entry, out _, out _));
        GC.Collect();
        Assert.Equal(JsonValueKind.Number, entry!.Port.ValueKind);
        Assert.True(entry.TryGetPort(out int port));
        Assert.Equal(4306, port);
    }
}
