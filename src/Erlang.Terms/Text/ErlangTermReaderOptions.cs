namespace Erlang.Terms;

/// <summary>Limits of <see cref="ErlangTermReader"/>, so a hostile file cannot exhaust stack or memory.</summary>
public sealed class ErlangTermReaderOptions
{
    /// <summary>The defaults.</summary>
    public static ErlangTermReaderOptions Default { get; } = new();

    /// <summary>
    /// Deepest nesting of tuples, lists, maps and binaries (default 1000: far above any
    /// configuration, far below what the recursive parser's stack can take).
    /// </summary>
    public int MaxDepth { get; init; } = 1000;

    /// <summary>
    /// Most characters in one string literal (adjacent literals counted together) or bytes in one
    /// binary (default 1 Mi: configuration strings are short).
    /// </summary>
    public int MaxLiteralLength { get; init; } = 1 << 20;

    /// <summary>
    /// Most digits in one integer or float literal (default 1000: parsing big integers is
    /// quadratic in their length).
    /// </summary>
    public int MaxNumberDigits { get; init; } = 1000;
}
