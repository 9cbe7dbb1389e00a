namespace Erlang.Terms;

/// <summary>
/// Reads Erlang term text: the format of <c>file:consult/1</c> and of CloudI's
/// <c>cloudi.conf</c>: terms each ended by '.' and whitespace, with '%' comments.
/// </summary>
/// <remarks>
/// Accepts atoms (plain, quoted, and plain with dots such as <c>cloudi@host.example.org</c>),
/// integers (<c>-12</c>, <c>16#FF</c>, <c>$a</c>, <c>1_000</c>), floats, strings with Erlang
/// escapes (adjacent literals concatenated), binaries of bytes and strings (optionally
/// <c>/utf8</c>), tuples, lists with tails and maps. Every error is an
/// <see cref="ErlangTermSyntaxException"/> naming file, line and column.
/// </remarks>
public static class ErlangTermReader
{
    /// <summary>Reads every term of <paramref name="text"/>; each must end with '.'.</summary>
    /// <exception cref="ErlangTermSyntaxException">The text is malformed or exceeds a limit.</exception>
    public static IReadOnlyList<PositionedTerm> ReadAll(string text, string fileName, ErlangTermReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var parser = new TermParser(text, fileName, options ?? ErlangTermReaderOptions.Default);
        var terms = new List<PositionedTerm>();
        while (!parser.AtEnd)
        {
            terms.Add(parser.ReadTermAndDot(dotOptional: false));
        }
        return terms;
    }

    /// <summary>
    /// Reads exactly one term (such as an API argument <c>[{sensitive, ["/a/"]}]</c>); the final
    /// '.' is optional, anything after it is an error.
    /// </summary>
    /// <exception cref="ErlangTermSyntaxException">The text is malformed, empty, holds more than one term, or exceeds a limit.</exception>
    public static PositionedTerm ReadOne(string text, string fileName, ErlangTermReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var parser = new TermParser(text, fileName, options ?? ErlangTermReaderOptions.Default);
        var term = parser.ReadTermAndDot(dotOptional: true);
        if (!parser.AtEnd)
        {
            throw parser.UnexpectedAfterTerm();
        }
        return term;
    }

    /// <summary>Reads exactly one term and returns it without positions.</summary>
    /// <exception cref="ErlangTermSyntaxException">As <see cref="ReadOne"/>.</exception>
    public static ErlangTerm Parse(string text, ErlangTermReaderOptions? options = null) =>
        ReadOne(text, "<string>", options).Term;
}
