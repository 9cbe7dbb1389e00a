namespace CloudI.Names;

/// <summary>A service name, pattern or prefix that CloudI would refuse.</summary>
public sealed class InvalidServiceNameException : ArgumentException
{
    /// <summary>Creates the exception with the reason the value was refused.</summary>
    /// <param name="message">Why the value is invalid, naming the offending form.</param>
    public InvalidServiceNameException(string message) : base(message)
    {
    }
}
