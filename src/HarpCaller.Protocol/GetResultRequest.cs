namespace HarpCaller.Protocol;

/// <summary>A result request (spec 1.5).</summary>
/// <param name="JobId">The job id string as sent; the engine decides whether it names a job.</param>
/// <param name="Wait">Whether to wait for the job to end; <see langword="true"/> when the <c>wait</c> option is absent.</param>
public sealed record GetResultRequest(string JobId, bool Wait) : ClientRequest;
