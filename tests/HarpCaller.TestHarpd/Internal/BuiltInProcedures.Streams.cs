using System.Text.Json;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>Streaming procedures and the huge line.</summary>
internal static partial class BuiltInProcedures
{
    private static async ValueTask<CloseMode> StreamAsync(HarpConnection connection, ProcedureArguments arguments)
    {
        long count = arguments.GetInt64(0, "count", null, 0, long.MaxValue);
        double delayMs = arguments.GetDouble(1, "delay_ms", 0, 0, MaxSeconds * 1000);
        connection.WriteAck(streamResult: true);
        for (long i = 0; i < count; i++)
        {
            if (i > 0 && delayMs > 0)
            {
                await connection.DelayAsync(TimeSpan.FromMilliseconds(delayMs)).ConfigureAwait(false);
            }

            connection.WriteStream(i);
            await connection.FlushIfLargeAsync().ConfigureAwait(false);
        }

        connection.WriteResult(count);
        return CloseMode.Graceful;
    }

    private static async ValueTask<CloseMode> StreamValuesAsync(HarpConnection connection, ProcedureArguments arguments)
    {
        JsonElement values = arguments.Required(0, "values");
        if (values.ValueKind != JsonValueKind.Array)
        {
            throw new BadArgumentsException("values must be a list");
        }

        connection.WriteAck(streamResult: true);
        foreach (JsonElement value in values.EnumerateArray())
        {
            connection.WriteStream(value);
            await connection.FlushIfLargeAsync().ConfigureAwait(false);
        }

        connection.WriteResult("done");
        return CloseMode.Graceful;
    }

    private static async ValueTask<CloseMode> StreamSleepAsync(HarpConnection connection, ProcedureArguments arguments)
    {
        long count = arguments.GetInt64(0, "count", null, 0, long.MaxValue);
        double seconds = arguments.GetDouble(1, "seconds", null, 0, MaxSeconds);
        connection.WriteAck(streamResult: true);
        for (long i = 0; i < count; i++)
        {
            connection.WriteStream(i);
            await connection.FlushIfLargeAsync().ConfigureAwait(false);
        }

        await connection.DelayAsync(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        connection.WriteResult(count);
        return CloseMode.Graceful;
    }

    private static async ValueTask<CloseMode> DropAsync(HarpConnection connection, ProcedureArguments arguments)
    {
        long count = arguments.GetInt64(0, "count", 0, 0, long.MaxValue);
        connection.WriteAck(streamResult: true);
        for (long i = 0; i < count; i++)
        {
            connection.WriteStream(i);
            await connection.FlushIfLargeAsync().ConfigureAwait(false);
        }

        return CloseMode.Abrupt;
    }

    private static async ValueTask<CloseMode> HugeLineAsync(HarpConnection connection, ProcedureArguments arguments)
    {
        const long MiB = 1024 * 1024;
        // {"bytes": n} (object form only) gives an exact size, e.g. one byte over a reader's limit.
        long bytes = arguments.Raw.ValueKind == JsonValueKind.Object && arguments.Raw.TryGetProperty("bytes", out _)
            ? arguments.GetInt64(0, "bytes", null, 0, 64L * 1024 * MiB)
            : (long)(arguments.GetDouble(0, "megabytes", 100, 0, 64 * 1024) * MiB);
        connection.WriteAck(streamResult: false);
        await connection.WriteHugeResultAsync(bytes).ConfigureAwait(false);
        return CloseMode.Graceful;
    }
}
