namespace HarpCaller.Protocol;

/// <summary>A cancel request (spec 1.4).</summary>
/// <param name="JobId">The job id string as sent; the engine decides whether it names a job.</param>
public sealed record CancelRequest(string JobId) : ClientRequest;
