namespace Erlang.Terms;

/// <summary>
/// The one exception <see cref="ErlangTermReader"/> throws for malformed text. The message
/// starts with "file:line:column: ".
/// </summary>
public sealed class ErlangTermSyntaxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ErlangTermSyntaxException(SourcePosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Where the problem is.</summary>
    public SourcePosition Position { get; }

    /// <summary>The message without the position.</summary>
    public string Reason { get; }
}
