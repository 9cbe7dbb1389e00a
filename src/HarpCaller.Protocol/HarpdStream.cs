namespace HarpCaller.Protocol;

/// <summary>A stream packet: <c>{"stream":X}</c>.</summary>
/// <param name="DataJson">The packet's data as compact JSON (UTF-8), every token as the daemon wrote it.</param>
/// <remarks>Record equality compares the array by reference, as for any array member.</remarks>
public sealed record HarpdStream(byte[] DataJson) : HarpdMessage;
