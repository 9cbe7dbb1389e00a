using System.Net.Sockets;

namespace HarpCaller.Transport;

/// <summary>
/// A <see cref="NetworkStream"/> whose reads and writes, when they have to wait, resume on the
/// thread pool. With the runtime's inline socket completions turned on
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, an operator's choice: measured slower
/// here for submits, see docs/benchmarks.md) whatever follows a completion runs on the socket
/// engine's event thread: a TLS handshake's cryptography and certificate
/// check, or an administrative command reading the store, would hold up every other socket of
/// that event thread. Work over this stream stays on pool threads, as without inline completions.
/// Operations that complete at once stay on the calling thread.
/// </summary>
internal sealed class ThreadPoolNetworkStream(Socket socket, bool ownsSocket) : NetworkStream(socket, ownsSocket)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = base.ReadAsync(buffer, cancellationToken);
        return read.IsCompleted ? read : ResumeOnPoolAsync(read);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = base.WriteAsync(buffer, cancellationToken);
        return write.IsCompleted ? write : ResumeOnPoolAsync(write);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private static async ValueTask<int> ResumeOnPoolAsync(ValueTask<int> pending)
    {
        var result = await pending.ConfigureAwait(false);
        await ThreadPoolHop.Instance;
        return result;
    }

    private static async ValueTask ResumeOnPoolAsync(ValueTask pending)
    {
        await pending.ConfigureAwait(false);
        await ThreadPoolHop.Instance;
    }
}
