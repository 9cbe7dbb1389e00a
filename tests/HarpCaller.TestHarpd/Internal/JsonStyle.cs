namespace HarpCaller.TestHarpd.Internal;

/// <summary>How reply lines are spelled on the wire.</summary>
internal enum JsonStyle
{
    /// <summary>No insignificant whitespace; strings copied as received, non-ASCII as UTF-8.</summary>
    Compact,

    /// <summary>
    /// Like Python's <c>json.dumps</c> with default arguments, which is what the original harpd writes:
    /// <c>", "</c> and <c>": "</c> separators, ASCII only, everything else as lower-case <c>\uXXXX</c>
    /// escapes (surrogate pairs outside the BMP).
    /// </summary>
    Python,
}
