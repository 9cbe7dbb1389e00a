namespace HarpCaller.Jobs;

/// <summary>One recorded stream packet: absolute position, arrival time (Unix seconds), compact JSON data.</summary>
internal readonly record struct StoredPacket(long N, long Time, byte[] Data);
