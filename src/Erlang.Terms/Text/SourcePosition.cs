namespace Erlang.Terms;

/// <summary>
/// A place in a text file: 1-based line and column. Columns count UTF-16 code units; a tab
/// counts as one.
/// </summary>
/// <param name="FileName">The file name given to the reader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourcePosition(string FileName, int Line, int Column)
{
    /// <summary>"file:line:column".</summary>
    public override string ToString() => $"{FileName}:{Line}:{Column}";
}
