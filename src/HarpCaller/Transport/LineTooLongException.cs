namespace HarpCaller.Transport;

/// <summary>A peer sent a line longer than the configured cap.</summary>
internal sealed class LineTooLongException(int limit)
    : Exception($"line longer than {limit} bytes")
{
    public int Limit { get; } = limit;
}
