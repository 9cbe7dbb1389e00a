using Erlang.Terms;

namespace CloudI.Services;

/// <summary><c>aspects_init_after</c>: runs after a process initialised.</summary>
public delegate ValueTask InitAfterAspect(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
    ServiceDispatcher dispatcher);

/// <summary><c>aspects_request_before</c>: runs before each request handler.</summary>
public delegate ValueTask RequestBeforeAspect(ServiceRequest request, ServiceDispatcher dispatcher);

/// <summary><c>aspects_request_after</c>: runs after each request handler, with its result.</summary>
public delegate ValueTask RequestAfterAspect(ServiceRequest request, RequestResult result, ServiceDispatcher dispatcher);

/// <summary><c>aspects_info_before</c> and <c>aspects_info_after</c>: run around each info message.</summary>
public delegate ValueTask InfoAspect(object message, ServiceDispatcher dispatcher);

/// <summary><c>aspects_terminate_before</c>: runs before the terminate callback.</summary>
public delegate ValueTask TerminateBeforeAspect(string reason, uint timeout);

/// <summary>
/// The resolved aspects of a service, in configuration order. In the configuration an aspect is
/// <c>{Module, Function}</c> (a public static method <c>Function</c> of the .NET type
/// <c>Module</c> with the matching delegate signature) or an atom naming a delegate registered
/// with <see cref="Runtime.AspectRegistry.Register"/>. An aspect that throws fails the process,
/// as CloudI's <c>{stop, Reason, State}</c> does.
/// </summary>
public sealed record ServiceAspects(
    IReadOnlyList<InitAfterAspect> InitAfter,
    IReadOnlyList<RequestBeforeAspect> RequestBefore,
    IReadOnlyList<RequestAfterAspect> RequestAfter,
    IReadOnlyList<InfoAspect> InfoBefore,
    IReadOnlyList<InfoAspect> InfoAfter,
    IReadOnlyList<TerminateBeforeAspect> TerminateBefore)
{
    /// <summary>No aspects.</summary>
    public static ServiceAspects None { get; } = new([], [], [], [], [], []);

    /// <summary>True when there is nothing to run.</summary>
    public bool IsEmpty => InitAfter.Count + RequestBefore.Count + RequestAfter.Count + InfoBefore.Count
        + InfoAfter.Count + TerminateBefore.Count == 0;
}
