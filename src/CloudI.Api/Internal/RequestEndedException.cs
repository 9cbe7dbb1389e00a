namespace CloudI.Api.Internal;

/// <summary>
/// Thrown by <c>Return</c>/<c>Forward</c> inside a handler to end it, as cloudi.py raises
/// <c>ReturnSyncException</c> &amp;c.; caught by the library, never seen by the service.
/// </summary>
internal sealed class RequestEndedException : Exception
{
    public static readonly RequestEndedException Instance = new();

    public RequestEndedException()
        : base("the request was already returned or forwarded")
    {
    }

    public RequestEndedException(string message)
        : base(message)
    {
    }

    public RequestEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
