namespace HarpCaller.Protocol;

/// <summary>The procedure raised: <c>{"exception":{"type":T,"message":M[,"data":D]}}</c>.</summary>
/// <param name="Type">The exception's <c>type</c>.</param>
/// <param name="Message">The exception's <c>message</c>.</param>
/// <param name="ObjectJson">
/// The whole exception object as compact JSON (UTF-8), to pass through to clients unchanged
/// (see <see cref="ClientReplies.OutcomeExceptionRaw"/>).
/// </param>
/// <remarks>Record equality compares the array by reference, as for any array member.</remarks>
public sealed record HarpdException(string Type, string Message, byte[] ObjectJson) : HarpdMessage;
