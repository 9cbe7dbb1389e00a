using System.Text.Json;

namespace HarpCaller.Client;

/// <summary>
/// A request could not be completed: the dispatcher was unreachable, timed out, broke the
/// connection or the protocol, or rejected the request with an error object. A job's own failures
/// are not exceptions; they are <see cref="JobOutcome"/> values. Cancellation through the caller's
/// token is reported as <see cref="OperationCanceledException"/>, never as this type.
/// </summary>
public sealed class HarpCallerException : Exception
{
    /// <summary>Creates an exception for a failure without dispatcher error details.</summary>
    public HarpCallerException(HarpCallerFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates an exception for an error object the dispatcher sent.</summary>
    public HarpCallerException(string errorType, string errorMessage, JsonElement? errorData)
        : base($"The dispatcher replied with an error: {errorType}: {errorMessage}")
    {
        Failure = HarpCallerFailure.DispatcherError;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
        ErrorData = errorData;
    }

    /// <summary>What went wrong.</summary>
    public HarpCallerFailure Failure { get; }

    /// <summary>For <see cref="HarpCallerFailure.DispatcherError"/>: the error's <c>type</c>.</summary>
    public string? ErrorType { get; }

    /// <summary>For <see cref="HarpCallerFailure.DispatcherError"/>: the error's <c>message</c>.</summary>
    public string? ErrorMessage { get; }

    /// <summary>For <see cref="HarpCallerFailure.DispatcherError"/>: the error's <c>data</c>, if any.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>True when the dispatcher said it has no job with the requested id.</summary>
    public bool IsInvalidJobId => ErrorType == ErrorOutcome.InvalidJobIdType;
}
