namespace HarpCaller.TestHarpd.Internal;

/// <summary>Waiting inside procedures, and noticing that the peer has gone while we wait.</summary>
internal sealed partial class HarpConnection
{
    private volatile bool _peerClosed;

    /// <summary>Whether the peer has closed its side (or the connection broke) after the request.</summary>
    public bool PeerClosed => _peerClosed;

    /// <summary>
    /// Sends what is buffered, then waits <paramref name="delay"/> on the configured
    /// <see cref="TestHarpdOptions.TimeProvider"/>. Throws <see cref="OperationCanceledException"/>
    /// as soon as the peer closes the connection (that is how a dispatcher cancels a call) or the
    /// connection is aborted.
    /// </summary>
    public async ValueTask DelayAsync(TimeSpan delay)
    {
        await FlushAsync().ConfigureAwait(false);
        _ = EnsurePeerWatch();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _options.TimeProvider, _stop.Token).ConfigureAwait(false);
        }

        _stop.Token.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Starts, once, a reader that discards whatever the peer sends after the request and marks
    /// the peer closed at end of stream or on any failure. The request has been read completely
    /// before this runs, so it is the only reader; SslStream allows it alongside our writes.
    /// </summary>
    private Task EnsurePeerWatch() => _peerWatch ??= WatchPeerAsync();

    private async Task WatchPeerAsync()
    {
        // Small: a well-behaved peer sends nothing more than a close_notify.
        byte[] scratch = new byte[256];
        try
        {
            while (await _ssl.ReadAsync(scratch).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception)
        {
            // A reset, a TLS error or our own abort: in every case the peer is gone for us.
        }

        _peerClosed = true;
        lock (_gate)
        {
            if (!_disposed)
            {
                _stop.Cancel();
            }
        }
    }
}
