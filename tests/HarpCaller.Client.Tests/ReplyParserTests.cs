using System.Text;
using System.Text.Json;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client.Tests;

public sealed class ReplyParserTests
{
    private static ReadOnlyMemory<byte> Line(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Outcome_IsResult_KeepingA30DigitIntegerExactly()
    {
        var outcome = Assert.IsType<ResultOutcome>(ReplyParser.ParseOutcome(Line("{\"result\":123456789012345678901234567890}")));
        Assert.Equal("123456789012345678901234567890", outcome.Value.GetRawText());
        Assert.Equal("{\"result\":123456789012345678901234567890}", outcome.ToJsonString());
        Assert.True(outcome.IsFinished);
    }

    [Fact]
    public void Outcome_KeepsFloatTextAsWritten()
    {
        var outcome = Assert.IsType<ResultOutcome>(ReplyParser.ParseOutcome(Line("{\"result\": [1e+300, 1.50, -0.0]}")));
        Assert.Equal("{\"result\":[1e+300,1.50,-0.0]}", outcome.ToJsonString());
    }

    [Fact]
    public void Outcome_IsResult_WhenResultIsNull()
    {
        var outcome = Assert.IsType<ResultOutcome>(ReplyParser.ParseOutcome(Line("{\"result\":null}")));
        Assert.Equal(JsonValueKind.Null, outcome.Value.ValueKind);
    }

    [Fact]
    public void Outcome_IsException_WithTypeMessageAndData()
    {
        var outcome = Assert.IsType<ExceptionOutcome>(ReplyParser.ParseOutcome(
            Line("{\"exception\": {\"type\": \"ValueError\", \"message\": \"bad\", \"data\": {\"x\": 1}}}")));
        Assert.Equal("ValueError", outcome.Type);
        Assert.Equal("bad", outcome.Message);
        Assert.Equal("{\"x\": 1}", outcome.Data!.Value.GetRawText());
        Assert.Equal("{\"exception\":{\"type\":\"ValueError\",\"message\":\"bad\",\"data\":{\"x\":1}}}", outcome.ToJsonString());
    }

    [Fact]
    public void Outcome_IsException_WithoutData_WhenDataIsAbsent()
    {
        var outcome = Assert.IsType<ExceptionOutcome>(ReplyParser.ParseOutcome(Line("{\"exception\":{\"type\":\"T\",\"message\":\"M\"}}")));
        Assert.Null(outcome.Data);
        Assert.Equal("{\"exception\":{\"type\":\"T\",\"message\":\"M\"}}", outcome.ToJsonString());
    }

    [Fact]
    public void Outcome_IsError_WithReasonData()
    {
        var outcome = Assert.IsType<ErrorOutcome>(ReplyParser.ParseOutcome(
            Line("{\"error\":{\"type\":\"network_error\",\"message\":\"refused\",\"data\":{\"reason\":\"econnrefused\"}}}")));
        Assert.Equal("network_error", outcome.Type);
        Assert.Equal("econnrefused", outcome.Data!.Value.GetProperty("reason").GetString());
        Assert.False(outcome.IsInvalidJobId);
    }

    [Fact]
    public void Outcome_IsInvalidJobIdError_ForUnknownJob()
    {
        var outcome = Assert.IsType<ErrorOutcome>(ReplyParser.ParseOutcome(
            Line("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}")));
        Assert.True(outcome.IsInvalidJobId);
    }

    [Theory]
    [InlineData("{\"cancelled\":true}", JobOutcomeKind.Cancelled, true)]
    [InlineData("{\"no_result\":true}", JobOutcomeKind.NoResult, false)]
    [InlineData("{\"continue\":true}", JobOutcomeKind.Continue, false)]
    public void Outcome_RecognisesFlagReplies(string json, JobOutcomeKind kind, bool finished)
    {
        var outcome = ReplyParser.ParseOutcome(Line(json));
        Assert.Equal(kind, outcome.Kind);
        Assert.Equal(finished, outcome.IsFinished);
        Assert.Equal(json, outcome.ToJsonString());
    }

    [Theory]
    [InlineData("{\"result\":1,\"no_result\":true}", JobOutcomeKind.NoResult)]
    [InlineData("{\"result\":1,\"continue\":true}", JobOutcomeKind.Continue)]
    [InlineData("{\"result\":1,\"cancelled\":true}", JobOutcomeKind.Cancelled)]
    [InlineData("{\"exception\":{\"type\":\"a\",\"message\":\"b\"},\"result\":1}", JobOutcomeKind.Result)]
    [InlineData("{\"error\":{\"type\":\"a\",\"message\":\"b\"},\"exception\":{\"type\":\"a\",\"message\":\"b\"}}", JobOutcomeKind.Exception)]
    [InlineData("{\"cancelled\":false,\"result\":1}", JobOutcomeKind.Result)]
    [InlineData("{\"no_result\":false,\"error\":{\"type\":\"a\",\"message\":\"b\"}}", JobOutcomeKind.Error)]
    public void Outcome_FollowsTheOriginalClientsRecognitionOrder(string json, JobOutcomeKind expected)
    {
        Assert.Equal(expected, ReplyParser.ParseOutcome(Line(json)).Kind);
    }

    [Fact]
    public void Outcome_IgnoresUnknownKeys()
    {
        Assert.IsType<ResultOutcome>(ReplyParser.ParseOutcome(Line("{\"future\":[1,2],\"result\":\"x\",\"harpcaller\":1}")));
    }

    [Fact]
    public void Outcome_DecodesSurrogatePairsAndNonBmpText()
    {
        var outcome = Assert.IsType<ResultOutcome>(ReplyParser.ParseOutcome(Line("{\"result\":[\"\\uD83D\\uDE00\",\"😀\"]}")));
        Assert.Equal("😀", outcome.Value[0].GetString());
        Assert.Equal("😀", outcome.Value[1].GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"result\"")]
    [InlineData("{}")]
    [InlineData("{\"exception\":{\"type\":\"T\"}}")]
    [InlineData("{\"error\":{\"message\":\"M\"}}")]
    [InlineData("{\"error\":{\"type\":1,\"message\":\"M\"}}")]
    [InlineData("{\"error\":\"boom\"}")]
    [InlineData("{\"result\":1")]
    [InlineData("")]
    public void Outcome_ThrowsMalformedReply_ForGarbage(string json)
    {
        var e = Assert.Throws<HarpCallerException>(() => ReplyParser.ParseOutcome(Line(json)));
        Assert.Equal(HarpCallerFailure.MalformedReply, e.Failure);
    }

    [Fact]
    public void StreamLine_IsPacket_WithIndexDataAndTime()
    {
        var packet = Assert.IsType<StreamPacket>(ReplyParser.ParseStreamLine(Line("{\"packet\":7,\"data\":{\"n\":12345678901234567890123},\"time\":1700000000}")));
        Assert.Equal(7, packet.Index);
        Assert.Equal("{\"n\":12345678901234567890123}", packet.Data.GetRawText());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), packet.Time);
        Assert.Equal("{\"packet\":7,\"data\":{\"n\":12345678901234567890123},\"time\":1700000000}", packet.ToJsonString());
    }

    [Fact]
    public void StreamLine_IsPacketWithoutTime_WhenTimeIsAbsentOrUnreadable()
    {
        Assert.Null(Assert.IsType<StreamPacket>(ReplyParser.ParseStreamLine(Line("{\"packet\":0,\"data\":null}"))).Time);
        Assert.Null(Assert.IsType<StreamPacket>(ReplyParser.ParseStreamLine(Line("{\"packet\":0,\"data\":1,\"time\":\"now\"}"))).Time);
    }

    [Fact]
    public void StreamLine_IsEnd_ForTheTerminalLine()
    {
        var end = Assert.IsType<StreamEnd>(ReplyParser.ParseStreamLine(Line("{\"result\":\"done\"}")));
        Assert.IsType<ResultOutcome>(end.Outcome);
        Assert.Equal("{\"result\":\"done\"}", end.ToJsonString());
    }

    [Theory]
    [InlineData("{\"packet\":-1,\"data\":1}")]
    [InlineData("{\"packet\":1.5,\"data\":1}")]
    [InlineData("{\"packet\":\"1\",\"data\":1}")]
    [InlineData("{\"packet\":1}")]
    public void StreamLine_ThrowsMalformedReply_ForABadPacket(string json)
    {
        var e = Assert.Throws<HarpCallerException>(() => ReplyParser.ParseStreamLine(Line(json)));
        Assert.Equal(HarpCallerFailure.MalformedReply, e.Failure);
    }

    [Fact]
    public void Submit_ReturnsTheJobId()
    {
        Assert.Equal("0b5c5a53-2f6a-4c39-9d3e-3c9a7f7b1a11", ReplyParser.ParseSubmit(Line("{\"harpcaller\":1,\"job_id\":\"0b5c5a53-2f6a-4c39-9d3e-3c9a7f7b1a11\"}")));
    }

    [Fact]
    public void Submit_ThrowsDispatcherError_ForAnErrorReply()
    {
        var e = Assert.Throws<HarpCallerException>(() => ReplyParser.ParseSubmit(Line("{\"error\":{\"type\":\"invalid_request\",\"message\":\"host must be a string\"}}")));
        Assert.Equal(HarpCallerFailure.DispatcherError, e.Failure);
        Assert.Equal("invalid_request", e.ErrorType);
        Assert.Equal("host must be a string", e.ErrorMessage);
    }

    [Theory]
    [InlineData("{\"job_id\":42}")]
    [InlineData("{\"job_id\":\"\"}")]
    [InlineData("{\"harpcaller\":1}")]
    public void Submit_ThrowsMalformedReply_WithoutAStringJobId(string json)
    {
        Assert.Equal(HarpCallerFailure.MalformedReply, Assert.Throws<HarpCallerException>(() => ReplyParser.ParseSubmit(Line(json))).Failure);
    }

    [Theory]
    [InlineData("{\"cancelled\":true}", true)]
    [InlineData("{\"cancelled\":false}", false)]
    public void Cancel_ReturnsTheFlag(string json, bool expected)
    {
        Assert.Equal(expected, ReplyParser.ParseCancel(Line(json)));
    }

    [Fact]
    public void Cancel_ThrowsMalformedReply_ForANonBooleanFlag()
    {
        Assert.Equal(HarpCallerFailure.MalformedReply, Assert.Throws<HarpCallerException>(() => ReplyParser.ParseCancel(Line("{\"cancelled\":1}"))).Failure);
    }

    [Fact]
    public void Status_ReadsCallTimesAndInfo()
    {
        var status = ReplyParser.ParseStatus(Line(
            "{\"info\":{\"who\":\"me\"},\"time\":{\"end\":null,\"start\":1700000005,\"submit\":1700000000}," +
            "\"call\":{\"procedure\":\"p\",\"host\":\"h\",\"arguments\":[1]}}"));
        Assert.Equal("h", status.Host);
        Assert.Equal("p", status.Procedure);
        Assert.Equal("[1]", status.Arguments.GetRawText());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), status.Submitted);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000005), status.Started);
        Assert.Null(status.Ended);
        Assert.Equal(
            "{\"call\":{\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[1]},\"time\":{\"submit\":1700000000,\"start\":1700000005,\"end\":null},\"info\":{\"who\":\"me\"}}",
            status.ToJsonString());
    }

    [Fact]
    public void Status_ThrowsInvalidJobId_ForAnUnknownJob()
    {
        var e = Assert.Throws<HarpCallerException>(() => ReplyParser.ParseStatus(Line("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}")));
        Assert.True(e.IsInvalidJobId);
        Assert.Equal(HarpCallerFailure.DispatcherError, e.Failure);
    }

    [Theory]
    [InlineData("{\"call\":{\"host\":\"h\",\"procedure\":\"p\"},\"time\":{\"submit\":1,\"start\":null,\"end\":null},\"info\":null}")]
    [InlineData("{\"call\":{\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]},\"time\":{\"submit\":1,\"start\":null},\"info\":null}")]
    [InlineData("{\"call\":{\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]},\"time\":{\"submit\":\"x\",\"start\":null,\"end\":null},\"info\":null}")]
    [InlineData("{\"call\":{\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]},\"time\":{\"submit\":1,\"start\":null,\"end\":null}}")]
    [InlineData("{\"call\":{\"host\":1,\"procedure\":\"p\",\"arguments\":[]},\"time\":{\"submit\":1,\"start\":null,\"end\":null},\"info\":null}")]
    public void Status_ThrowsMalformedReply_WhenAFieldIsMissingOrMistyped(string json)
    {
        Assert.Equal(HarpCallerFailure.MalformedReply, Assert.Throws<HarpCallerException>(() => ReplyParser.ParseStatus(Line(json))).Failure);
    }

    [Fact]
    public void MalformedReply_MessageQuotesOnlyTheStartOfAHugeLine()
    {
        var e = Assert.Throws<HarpCallerException>(() => ReplyParser.ParseOutcome(Line(new string('x', 100_000))));
        Assert.True(e.Message.Length < 1000);
    }
}
