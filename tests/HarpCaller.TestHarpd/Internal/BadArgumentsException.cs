namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// A built-in procedure got arguments it cannot use. The connection answers with an exception
/// line of type <see cref="HarpErrorTypes.BadArguments"/>, as a real procedure raising would.
/// </summary>
internal sealed class BadArgumentsException(string message) : Exception(message);
