namespace Erlang.Terms;

/// <summary>
/// The one exception <see cref="ErlangExternalFormat.Decode(ReadOnlySpan{byte}, ErlangExternalFormatOptions?)"/>
/// throws for malformed, truncated, unsupported or over-limit input.
/// </summary>
public sealed class ErlangExternalFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ErlangExternalFormatException(string message, int offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset of the problem in the decoded buffer (after decompression, for compressed terms).</summary>
    public int Offset { get; }
}
