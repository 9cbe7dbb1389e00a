using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using P = HarpCaller.TestHarpd.TestHarpdProcedures;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// The procedures of the test daemon (documented on <see cref="TestHarpdProcedures"/>). Split by
/// concern: well-behaved procedures here, streaming ones in <c>.Streams.cs</c>, deliberate
/// protocol violations and failures in <c>.Violations.cs</c>.
/// </summary>
internal static partial class BuiltInProcedures
{
    // A cap on every wait a caller can ask for, so a typo cannot park a connection for days.
    private const double MaxSeconds = 24 * 60 * 60;

    private static readonly byte[] s_unicodeResult = Encoding.UTF8.GetBytes(P.UnicodeResultJson);

    private static readonly FrozenDictionary<string, ProcedureHandler> s_procedures = new Dictionary<string, ProcedureHandler>(StringComparer.Ordinal)
    {
        [P.Echo] = Echo,
        [P.Return] = Return,
        [P.Raise] = Raise,
        [P.Sleep] = SleepAsync,
        [P.Unicode] = Unicode,
        [P.Stream] = StreamAsync,
        [P.StreamValues] = StreamValuesAsync,
        [P.StreamSleep] = StreamSleepAsync,
        [P.Drop] = DropAsync,
        [P.HugeLine] = HugeLineAsync,
        [P.Garbage] = Garbage,
        [P.GarbageBeforeAck] = GarbageBeforeAck,
        [P.CloseImmediately] = CloseImmediately,
        [P.StallBeforeAck] = StallBeforeAckAsync,
        [P.ErrorBeforeAck] = ErrorBeforeAck,
        [P.ErrorAfterAck] = ErrorAfterAck,
        [P.ResultBeforeAck] = ResultBeforeAck,
        [P.AckExtraKeys] = AckExtraKeys,
        [P.StreamAfterPlainAck] = StreamAfterPlainAck,
        [P.BadErrorObject] = BadErrorObject,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out ProcedureHandler? handler) =>
        s_procedures.TryGetValue(name, out handler);

    private static ValueTask<CloseMode> Echo(HarpConnection connection, ProcedureArguments arguments)
    {
        connection.WriteAck(streamResult: false);
        connection.WriteResult(arguments.Raw);
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> Return(HarpConnection connection, ProcedureArguments arguments)
    {
        if (arguments.Raw.ValueKind == System.Text.Json.JsonValueKind.Array && arguments.Raw.GetArrayLength() != 1)
        {
            throw new BadArgumentsException("return takes exactly one argument");
        }

        var value = arguments.Required(0, "value");
        connection.WriteAck(streamResult: false);
        connection.WriteResult(value);
        return new(CloseMode.Graceful);
    }

    private static ValueTask<CloseMode> Raise(HarpConnection connection, ProcedureArguments arguments)
    {
        var type = arguments.Required(0, "type");
        var message = arguments.Required(1, "message");
        bool hasData = arguments.TryGet(2, "data", out var data);
        connection.WriteAck(streamResult: false);
        connection.WriteException(type, message, hasData ? data : null);
        return new(CloseMode.Graceful);
    }

    private static async ValueTask<CloseMode> SleepAsync(HarpConnection connection, ProcedureArguments arguments)
    {
        double seconds = arguments.GetDouble(0, "seconds", null, 0, MaxSeconds);
        connection.WriteAck(streamResult: false);
        await connection.DelayAsync(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        connection.WriteResult("slept");
        return CloseMode.Graceful;
    }

    private static ValueTask<CloseMode> Unicode(HarpConnection connection, ProcedureArguments arguments)
    {
        connection.WriteAck(streamResult: false);
        connection.WriteResult(s_unicodeResult);
        return new(CloseMode.Graceful);
    }
}
