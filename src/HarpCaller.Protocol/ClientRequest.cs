namespace HarpCaller.Protocol;

/// <summary>
/// A client's request (spec 1.3–1.8), as returned by <see cref="ClientRequestParser.Parse"/>. One
/// subtype per operation.
/// </summary>
public abstract record ClientRequest
{
    // Closed hierarchy: only the operations the protocol defines.
    private protected ClientRequest()
    {
    }
}
