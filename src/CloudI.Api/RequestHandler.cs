namespace CloudI.Api;

/// <summary>
/// Handles one request for a subscribed pattern (the callback of <c>subscribe</c>). Return the
/// response (<see cref="Reply"/>; <c>default</c> = null response), or end the request early with
/// <see cref="CloudIApi.Return"/>/<see cref="CloudIApi.Forward"/>, which do not come back. Exactly
/// one <c>return_*</c>/<c>forward_*</c> is sent per request whatever the handler does; an exception
/// gives a null response (and, with fatal_exceptions, is rethrown from <see cref="CloudIApi.Poll"/>).
/// </summary>
/// <remarks>
/// <paramref name="requestInfo"/>, <paramref name="request"/> and <paramref name="source"/> are
/// slices of one array allocated for this request: they stay valid after the handler returns.
/// </remarks>
/// <param name="requestType">Sync or async: which return/forward ends the request.</param>
/// <param name="name">The service name the request was sent to.</param>
/// <param name="pattern">The subscribed pattern that matched (prefix included).</param>
/// <param name="requestInfo">The request's metadata.</param>
/// <param name="request">The request body.</param>
/// <param name="timeout">The time left for the request, in ms.</param>
/// <param name="priority">The request's priority (lower is more urgent).</param>
/// <param name="transId">The request's TransId.</param>
/// <param name="source">The sender, an opaque Erlang pid term to pass to return/forward.</param>
public delegate Reply RequestHandler(RequestType requestType, string name, string pattern,
    ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint timeout, sbyte priority,
    TransId transId, ReadOnlyMemory<byte> source);
