namespace CloudI.Api.Internal;

/// <summary>The atom names of the library→runtime messages (§4.2).</summary>
internal static class Atoms
{
    public static ReadOnlySpan<byte> Init => "init"u8;

    public static ReadOnlySpan<byte> Polling => "polling"u8;

    public static ReadOnlySpan<byte> Keepalive => "keepalive"u8;

    public static ReadOnlySpan<byte> Subscribe => "subscribe"u8;

    public static ReadOnlySpan<byte> SubscribeCount => "subscribe_count"u8;

    public static ReadOnlySpan<byte> Unsubscribe => "unsubscribe"u8;

    public static ReadOnlySpan<byte> SendAsync => "send_async"u8;

    public static ReadOnlySpan<byte> SendSync => "send_sync"u8;

    public static ReadOnlySpan<byte> McastAsync => "mcast_async"u8;

    public static ReadOnlySpan<byte> RecvAsync => "recv_async"u8;

    public static ReadOnlySpan<byte> ReturnAsync => "return_async"u8;

    public static ReadOnlySpan<byte> ReturnSync => "return_sync"u8;

    public static ReadOnlySpan<byte> ForwardAsync => "forward_async"u8;

    public static ReadOnlySpan<byte> ForwardSync => "forward_sync"u8;

    public static ReadOnlySpan<byte> Shutdown => "shutdown"u8;
}
