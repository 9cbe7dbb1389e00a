namespace HarpCaller.Protocol;

/// <summary>The procedure's return value: <c>{"result":V}</c>.</summary>
/// <param name="ValueJson">The value as compact JSON (UTF-8), every token as the daemon wrote it.</param>
/// <remarks>Record equality compares the array by reference, as for any array member.</remarks>
public sealed record HarpdResult(byte[] ValueJson) : HarpdMessage;
