namespace Erlang.Terms;

/// <summary>A term read from text, with where it (and each term nested in it) starts.</summary>
public sealed class PositionedTerm
{
    private readonly IReadOnlyDictionary<ErlangTerm, SourcePosition> _positions;

    internal PositionedTerm(ErlangTerm term, SourcePosition position, IReadOnlyDictionary<ErlangTerm, SourcePosition> positions)
    {
        Term = term;
        Position = position;
        _positions = positions;
    }

    /// <summary>The term.</summary>
    public ErlangTerm Term { get; }

    /// <summary>Where the term starts.</summary>
    public SourcePosition Position { get; }

    /// <summary>
    /// Where a term nested in <see cref="Term"/> starts, so configuration errors can point at it.
    /// Looks the instance up (by reference), not an equal term.
    /// </summary>
    public bool TryGetPosition(ErlangTerm nested, out SourcePosition position) =>
        _positions.TryGetValue(nested, out position);

    /// <inheritdoc />
    public override string ToString() => $"{Position}: {Term}";
}
