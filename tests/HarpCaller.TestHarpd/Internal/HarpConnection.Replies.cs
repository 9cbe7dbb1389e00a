using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// The reply API used by procedures. Writes are buffered and go out on <see cref="FlushAsync"/>
/// (or when the procedure returns), so a plain call costs one TLS write for ack and result.
/// </summary>
internal sealed partial class HarpConnection
{
    // Streams without delays flush in batches of about this size instead of per packet.
    private const int FlushThreshold = 32 * 1024;

    // Shared, never written after initialisation: SslStream encrypts from it into its own buffer.
    private static readonly byte[] s_filler = CreateFiller();

    public void WriteAck(bool streamResult)
    {
        ReplyEncoder.Ack(_json, streamResult);
        _ackWritten = true;
    }

    public void WriteAckWithExtraKey(bool streamResult)
    {
        ReplyEncoder.AckWithExtraKey(_json, streamResult);
        _ackWritten = true;
    }

    public void WriteStream(long value) => ReplyEncoder.Stream(_json, value);

    public void WriteStream(JsonElement value) => ReplyEncoder.Stream(_json, JsonMarshal.GetRawUtf8Value(value));

    public void WriteResult(long value) => ReplyEncoder.Result(_json, value);

    public void WriteResult(string value) => ReplyEncoder.Result(_json, value);

    public void WriteResult(JsonElement value) => ReplyEncoder.Result(_json, JsonMarshal.GetRawUtf8Value(value));

    public void WriteResult(ReadOnlySpan<byte> rawValue) => ReplyEncoder.Result(_json, rawValue);

    public void WriteException(JsonElement type, JsonElement message, JsonElement? data) =>
        ReplyEncoder.Exception(_json, JsonMarshal.GetRawUtf8Value(type), JsonMarshal.GetRawUtf8Value(message), RawOrEmpty(data));

    public void WriteError(JsonElement type, JsonElement message, JsonElement? data) =>
        ReplyEncoder.Error(_json, JsonMarshal.GetRawUtf8Value(type), JsonMarshal.GetRawUtf8Value(message), RawOrEmpty(data));

    public void WriteErrorValue(ReadOnlySpan<byte> rawErrorValue) => ReplyEncoder.ErrorWithValue(_json, rawErrorValue);

    /// <summary>Writes arbitrary bytes and a newline (for protocol violations).</summary>
    public void WriteRawLine(ReadOnlySpan<byte> bytes) => _json.RawLine(bytes);

    /// <summary>Sends everything buffered, bounded by <see cref="TestHarpdOptions.WriteTimeout"/>.</summary>
    public async ValueTask FlushAsync()
    {
        if (_output.WrittenCount == 0)
        {
            return;
        }

        await WriteWithDeadlineAsync(_output.WrittenMemory).ConfigureAwait(false);
        _output.ResetWrittenCount();
    }

    /// <summary>Flushes only when enough is buffered to be worth a TLS record.</summary>
    public ValueTask FlushIfLargeAsync() => _output.WrittenCount >= FlushThreshold ? FlushAsync() : default;

    /// <summary>
    /// Writes <c>{"result":"xxx…"}</c> with <paramref name="contentBytes"/> characters of content,
    /// in chunks from one shared buffer, so the line is never held in memory.
    /// </summary>
    public async ValueTask WriteHugeResultAsync(long contentBytes)
    {
        _output.Write(ReplyEncoder.HugeResultPrefix(_json.Style));
        await FlushAsync().ConfigureAwait(false);
        for (long remaining = contentBytes; remaining > 0;)
        {
            int chunk = (int)Math.Min(remaining, s_filler.Length);
            await WriteWithDeadlineAsync(s_filler.AsMemory(0, chunk)).ConfigureAwait(false);
            remaining -= chunk;
        }

        _output.Write(ReplyEncoder.HugeResultSuffix);
    }

    private async ValueTask WriteWithDeadlineAsync(ReadOnlyMemory<byte> bytes)
    {
        // A peer that neither reads nor closes must not hold us forever.
        _ioDeadline.CancelAfter(_options.WriteTimeout);
        await _ssl.WriteAsync(bytes, _ioDeadline.Token).ConfigureAwait(false);
        _ioDeadline.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    private static ReadOnlySpan<byte> RawOrEmpty(JsonElement? value) =>
        value is { } element ? JsonMarshal.GetRawUtf8Value(element) : default;

    private static byte[] CreateFiller()
    {
        byte[] filler = new byte[64 * 1024];
        filler.AsSpan().Fill((byte)'x');
        return filler;
    }
}
