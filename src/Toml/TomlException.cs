namespace Toml;

/// <summary>
/// The one exception for malformed TOML: syntax errors, invalid UTF-8, redefinitions and out-of-range values.
/// The message reads <c>FILE:LINE:COLUMN: reason</c>.
/// </summary>
public sealed class TomlException : Exception
{
    internal TomlException(string reason, string? fileName, int line, int column)
        : base(FormatMessage(reason, fileName, line, column))
    {
        Reason = reason;
        FileName = fileName;
        Line = line;
        Column = column;
    }

    /// <summary>The problem without its position, e.g. <c>duplicate key "listen"</c>.</summary>
    public string Reason { get; }

    /// <summary>The file name given to the parser, or null.</summary>
    public string? FileName { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column (in Unicode code points) of the problem.</summary>
    public int Column { get; }

    private static string FormatMessage(string reason, string? fileName, int line, int column) =>
        fileName is null ? $"{line}:{column}: {reason}" : $"{fileName}:{line}:{column}: {reason}";
}
