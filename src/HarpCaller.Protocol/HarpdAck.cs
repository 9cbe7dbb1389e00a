namespace HarpCaller.Protocol;

/// <summary>The daemon's acknowledgement: <c>{"harp":1,"stream_result":B}</c>.</summary>
/// <param name="StreamResult">Whether stream packets may follow before the result.</param>
public sealed record HarpdAck(bool StreamResult) : HarpdMessage;
