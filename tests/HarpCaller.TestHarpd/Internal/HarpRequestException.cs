namespace HarpCaller.TestHarpd.Internal;

/// <summary>A request line that cannot be served; becomes a <c>{"harp":1,"error":...}</c> reply.</summary>
internal sealed class HarpRequestException : Exception
{
    public HarpRequestException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    /// <summary>One of <see cref="HarpErrorTypes"/>.</summary>
    public string ErrorType { get; }
}
