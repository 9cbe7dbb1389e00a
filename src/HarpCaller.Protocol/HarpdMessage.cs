namespace HarpCaller.Protocol;

/// <summary>
/// A message from a daemon (spec 2), as returned by <see cref="HarpdMessageParser.Parse"/>. One subtype
/// per message kind.
/// </summary>
public abstract record HarpdMessage
{
    // Closed hierarchy: only the messages the protocol defines.
    private protected HarpdMessage()
    {
    }
}
