using System.Runtime.InteropServices;

namespace HarpCaller.Transport.OpenSsl;

/// <summary>An <c>SSL*</c>: one TLS connection (it owns the two memory BIOs set on it).</summary>
internal sealed class SslHandle : SafeHandle
{
    public SslHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static SslHandle Create(IntPtr ctx)
    {
        var ssl = new SslHandle();
        ssl.SetHandle(OpenSslInterop.SSL_new(ctx));
        return ssl;
    }

    protected override bool ReleaseHandle()
    {
        OpenSslInterop.SSL_free(handle);
        return true;
    }
}

/// <summary>One reference to an <c>SSL_SESSION*</c> (sessions are reference counted by OpenSSL).</summary>
internal sealed class SslSessionHandle : SafeHandle
{
    public SslSessionHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        OpenSslInterop.SSL_SESSION_free(handle);
        return true;
    }
}
