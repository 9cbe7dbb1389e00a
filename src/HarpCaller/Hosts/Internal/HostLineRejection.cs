namespace HarpCaller.Hosts.Internal;

/// <summary>Why a filler script output line (or a stored host line) was not accepted.</summary>
internal enum HostLineRejection
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Not a single well-formed JSON value (or not UTF-8).</summary>
    NotJson,

    /// <summary>Valid JSON, but not an object.</summary>
    NotAnObject,

    /// <summary>One of hostname, address, port, credentials appears twice: ambiguous, so refused.</summary>
    DuplicateKey,

    /// <summary><c>hostname</c> is missing or not a string.</summary>
    HostnameNotString,

    /// <summary><c>address</c> is missing or not a string.</summary>
    AddressNotString,

    /// <summary><c>port</c> is missing.</summary>
    PortMissing,

    /// <summary><c>credentials</c> is missing or not an object.</summary>
    CredentialsNotObject,

    /// <summary><c>credentials</c> does not have exactly the keys <c>user</c> and <c>password</c>.</summary>
    CredentialsKeys,

    /// <summary><c>credentials.user</c> or <c>credentials.password</c> is not a string.</summary>
    CredentialsNotStrings,

    /// <summary>The line exceeds the line length cap.</summary>
    TooLong,
}
