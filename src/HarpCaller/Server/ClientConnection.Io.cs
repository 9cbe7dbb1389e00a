using System.Buffers;
using HarpCaller.Protocol;

namespace HarpCaller.Server;

internal sealed partial class ClientConnection
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    /// <summary>Writes a complete reply (already newline-terminated), bounded by the write timeout.</summary>
    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            // Usually taken by the kernel at once; the stream arms the write timeout only if it must wait.
            await _stream.WriteAsync(bytes, _stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            throw new ClientGoneException();
        }
    }

    /// <summary>Writes a stored outcome line (kept without its newline) and the newline in one send.</summary>
    private ValueTask WriteLineAsync(byte[] line)
    {
        var buffer = new byte[line.Length + 1];
        line.CopyTo(buffer, 0);
        buffer[^1] = (byte)'\n';
        return WriteAsync(buffer);
    }

    /// <summary>
    /// A token cancelled when the client closes its side (or we stop), for requests that wait:
    /// a client that has gone must not keep a waiter or follower alive. Bytes the client sends
    /// after its request are read and ignored.
    /// </summary>
    private CancellationTokenSource WatchPeer()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        _ = WatchAsync(cts);
        return cts;

        async Task WatchAsync(CancellationTokenSource source)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(512);
            try
            {
                while (!source.IsCancellationRequested)
                {
                    var read = await _stream.ReadAsync(scratch, source.Token).ConfigureAwait(false);
                    if (read == 0) break;
                }
            }
            catch (Exception)
            {
                // Reset, disposal or cancellation: the peer is gone either way.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
            try { source.Cancel(); } catch (ObjectDisposedException) { }
        }
    }

    private sealed class ClientGoneException() : IOException("client closed the connection or stopped reading");
}
