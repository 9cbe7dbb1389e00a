using CloudI.Api.Internal;

namespace CloudI.Api;

public sealed partial class CloudIApi
{
    /// <summary>
    /// Subscribes <paramref name="handler"/> to <see cref="Prefix"/> + <paramref name="pattern"/>
    /// (<c>*</c> matches one or more characters). Subscribing the same pattern again adds a
    /// handler: they take turns, first subscribed first, and the runtime counts each subscription.
    /// </summary>
    public void Subscribe(string pattern, RequestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        _subscriptions.Add(Prefix + pattern, handler);
        Send(_writer.Start().Tuple(2).Atom(Atoms.Subscribe).String(pattern));
    }

    /// <summary>How many times this thread is subscribed to <see cref="Prefix"/> + <paramref name="pattern"/>, as the runtime counts.</summary>
    public int SubscribeCount(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Send(_writer.Start().Tuple(2).Atom(Atoms.SubscribeCount).String(pattern));
        MessageReader reader = WaitForReply(MessageCode.SubscribeCount);
        uint count = reader.U32();
        FinishReply(reader);
        return (int)count;
    }

    /// <summary>
    /// Removes one subscription of <see cref="Prefix"/> + <paramref name="pattern"/>: the handler
    /// that would have been called next.
    /// </summary>
    /// <exception cref="CloudIInvalidInputException">This thread has no such subscription (the runtime would stop the thread).</exception>
    public void Unsubscribe(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (!_subscriptions.Remove(Prefix + pattern))
        {
            throw new CloudIInvalidInputException($"not subscribed to \"{Prefix + pattern}\"");
        }

        Send(_writer.Start().Tuple(2).Atom(Atoms.Unsubscribe).String(pattern));
    }
}
