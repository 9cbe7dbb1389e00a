using System.Runtime.CompilerServices;
using CloudI.External.Protocol;
using CloudI.Services;

namespace CloudI.External.Hosting;

/// <summary>
/// The Source pid term each sending dispatcher is known by on the external wire (§3.2): one
/// identity per dispatcher, never reused, so a late response to a restarted thread is dropped.
/// </summary>
internal sealed class PidIdentities(string nodeName)
{
    private readonly ExternalPidAllocator _allocator = new(nodeName);
    private readonly ConditionalWeakTable<ServiceDispatcher, Identity> _identities = new();

    /// <summary>The pid and its encoded term for <paramref name="dispatcher"/>.</summary>
    public Identity Of(ServiceDispatcher dispatcher) =>
        _identities.GetValue(dispatcher, _ =>
        {
            ExternalPid pid = _allocator.Allocate();
            return new Identity(pid, pid.Encode());
        });

    /// <summary>A dispatcher's pid with its ETF encoding (written in every SEND_*).</summary>
    internal sealed record Identity(ExternalPid Pid, byte[] Term);
}
