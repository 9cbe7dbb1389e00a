namespace HarpCaller.TestHarpd.Internal;

/// <summary>The command line cannot be used; the message says why.</summary>
internal sealed class UsageException(string message) : Exception(message);
