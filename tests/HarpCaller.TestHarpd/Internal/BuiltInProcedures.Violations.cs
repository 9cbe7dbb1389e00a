using System.Text.Json;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>Procedures that break the protocol or the connection on purpose, for the dispatcher's error paths.</summary>
internal static partial class BuiltInProcedures
{
    // Not JSON, and not even UTF-8 (0xFF 0xFE), so a reader that decodes text before parsing is exercised too.
    private static readonly byte[] s_garbage = [.. "<<this is not JSON>> "u8, 0xFF, 0xFE, .. " {["u8];

    private static ValueTask<CloseMode> Garbage(HarpConnection connection, ProcedureArguments arguments)
    {
        connection.WriteAck(streamResult: false);
        connection.WriteRawLine(s_garbage);
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> GarbageBeforeAck(HarpConnection connection, ProcedureArguments arguments)
    {
        connection.WriteRawLine(s_garbage);
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> CloseImmediately(HarpConnection connection, ProcedureArguments arguments) =>
        new(CloseMode.Abrupt);

    private static async ValueTask<CloseMode> StallBeforeAckAsync(HarpConnection connection, ProcedureArguments arguments)
    {
        double seconds = arguments.GetDouble(0, "seconds", 600, 0, MaxSeconds);
        await connection.DelayAsync(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        return CloseMode.Abrupt;
    }

    private static ValueTask<CloseMode> ErrorBeforeAck(HarpConnection connection, ProcedureArguments arguments)
    {
        var (type, message, data) = ErrorFields(arguments);
        connection.WriteError(type, message, data);
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> ErrorAfterAck(HarpConnection connection, ProcedureArguments arguments)
    {
        // Arguments are checked before the acknowledgement, so bad ones still get a well-formed reply.
        var (type, message, data) = ErrorFields(arguments);
        connection.WriteAck(streamResult: false);
        connection.WriteError(type, message, data);
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> ResultBeforeAck(HarpConnection connection, ProcedureArguments arguments)
    {
        connection.WriteResult("early");
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> StreamAfterPlainAck(HarpConnection connection, ProcedureArguments arguments)
    {
        connection.WriteAck(streamResult: false);
        connection.WriteStream(1);
        connection.WriteResult("ok");
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> AckExtraKeys(HarpConnection connection, ProcedureArguments arguments)
    {
        connection.WriteAckWithExtraKey(streamResult: false);
        connection.WriteResult("ok");
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> BadErrorObject(HarpConnection connection, ProcedureArguments arguments)
    {
        string variant = arguments.GetString(0, "variant", "missing_message");
        ReadOnlySpan<byte> error = variant switch
        {
            "missing_message" => """{"type":"system_error"}"""u8,
            "missing_type" => """{"message":"no type here"}"""u8,
            "non_string_type" => """{"type":42,"message":"type is a number"}"""u8,
            "non_string_message" => """{"type":"system_error","message":["not","a","string"]}"""u8,
            "not_an_object" => "\"system_error: not an object\""u8,
            _ => throw new BadArgumentsException("unknown variant: " + variant),
        };
        connection.WriteErrorValue(error);
        return new(CloseMode.Graceful);
    }

    private static (JsonElement Type, JsonElement Message, JsonElement? Data) ErrorFields(ProcedureArguments arguments)
    {
        var type = arguments.Required(0, "type");
        var message = arguments.Required(1, "message");
        return (type, message, arguments.TryGet(2, "data", out var data) ? data : null);
    }
}
