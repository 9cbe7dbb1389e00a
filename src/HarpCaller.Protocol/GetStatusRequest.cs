namespace HarpCaller.Protocol;

/// <summary>A status request (spec 1.6).</summary>
/// <param name="JobId">The job id string as sent; the engine decides whether it names a job.</param>
public sealed record GetStatusRequest(string JobId) : ClientRequest;
