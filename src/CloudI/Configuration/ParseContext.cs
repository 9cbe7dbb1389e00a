using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// Where configuration terms came from, so every error can name the file, line and column of
/// the offending term, or of the enclosing service when the term has no position of its own.
/// </summary>
internal sealed class ParseContext(Func<ErlangTerm, SourcePosition?>? positionOf, string? fileName = null)
{
    /// <summary>A context without positions (API calls).</summary>
    public static ParseContext None => new(null);

    /// <summary>The file name to report when no position is known.</summary>
    public string? FileName { get; } = fileName;

    /// <summary>The position used for terms without one (the enclosing service or section).</summary>
    public SourcePosition? Fallback { get; set; }

    /// <summary>The raw position lookup, to hand on to nested parsers.</summary>
    public Func<ErlangTerm, SourcePosition?>? PositionLookup { get; } = positionOf;

    /// <summary>Where <paramref name="term"/> starts, if it was read from text.</summary>
    public SourcePosition? PositionOf(ErlangTerm term) => PositionLookup?.Invoke(term);

    /// <summary>An error about <paramref name="term"/>, positioned at it or at the fallback.</summary>
    public CloudIConfigException Error(string reason, ErlangTerm? term, string? detail = null)
    {
        SourcePosition? position = term is null ? null : PositionOf(term);
        position ??= Fallback;
        return new CloudIConfigException(reason, term, detail, position, position is null ? FileName : null);
    }
}
