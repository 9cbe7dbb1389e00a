namespace HarpCaller.Client;

/// <summary>Why a request failed with <see cref="HarpCallerException"/>.</summary>
public enum HarpCallerFailure
{
    /// <summary>The dispatcher could not be reached (refused, unreachable, name not found, connect timed out).</summary>
    ConnectFailed,

    /// <summary>The dispatcher went silent for longer than the request's timeout.</summary>
    Timeout,

    /// <summary>The connection was reset or closed before the reply was complete.</summary>
    ConnectionLost,

    /// <summary>The reply was not the protocol: not JSON, a line too long, or an unrecognised form.</summary>
    MalformedReply,

    /// <summary>
    /// The dispatcher answered a submit, cancel or status request with an error object
    /// (<see cref="HarpCallerException.ErrorType"/> says which, e.g. <c>invalid_request</c>, <c>invalid_jobid</c>).
    /// </summary>
    DispatcherError,
}
