using System.Buffers;
using System.IO.Pipelines;

namespace HarpCaller.Hosts.Internal;

/// <summary>Pumps a stream through a <see cref="LineSplitter"/> with a cap on the total size.</summary>
internal static class LineReader
{
    /// <summary>Reads <paramref name="stream"/> to its end (the stream is left open).</summary>
    /// <param name="stream">The source.</param>
    /// <param name="splitter">Receives the bytes.</param>
    /// <param name="maxTotalBytes">Cap on the bytes read.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>False when the stream had more than <paramref name="maxTotalBytes"/> bytes (reading stopped there).</returns>
    public static async Task<bool> ReadAllAsync(Stream stream, LineSplitter splitter, long maxTotalBytes, CancellationToken cancellationToken)
    {
        PipeReader pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        long consumedBytes = 0;
        try
        {
            while (true)
            {
                ReadResult result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (consumedBytes + buffer.Length > maxTotalBytes)
                {
                    return false;
                }

                SequencePosition consumed = splitter.Process(buffer, result.IsCompleted);
                consumedBytes += buffer.Slice(0, consumed).Length;
                // Examined = End: an incomplete line waits for more bytes instead of being rescanned at once.
                pipe.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }
}
