namespace HarpCaller.Load;

/// <summary>Judges one reply line (without its terminator).</summary>
internal delegate LineVerdict LineHandler(ReadOnlySpan<byte> line);
