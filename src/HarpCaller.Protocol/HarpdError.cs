namespace HarpCaller.Protocol;

/// <summary>The daemon reports an error of its own: <c>{"harp":1,"error":{"type":T,"message":M[,"data":D]}}</c>.</summary>
/// <param name="Type">The error's <c>type</c> (<c>auth_error</c>, <c>no_such_procedure</c>, ...).</param>
/// <param name="Message">The error's <c>message</c>.</param>
/// <param name="ObjectJson">
/// The <c>error</c> object as compact JSON (UTF-8), to pass through to clients unchanged
/// (see <see cref="ClientReplies.OutcomeErrorRaw"/>).
/// </param>
/// <remarks>Record equality compares the array by reference, as for any array member.</remarks>
public sealed record HarpdError(string Type, string Message, byte[] ObjectJson) : HarpdMessage;
