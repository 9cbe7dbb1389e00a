using System.Text;

namespace Erlang.Terms;

/// <summary>
/// An immutable Erlang term. Equality is structural and follows Erlang's exact equality
/// (<c>=:=</c>): <c>1</c> and <c>1.0</c> differ, a string literal equals the list of its
/// character codes, map equality ignores key order.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> produces Erlang term text that <see cref="ErlangTermReader"/> reads
/// back to an equal term, except for pids, ports and references, which have no literal syntax.
/// Equality, hashing and formatting recurse over nested terms; terms produced by the decoders
/// are bounded in depth, so this cannot exhaust the stack for decoded input.
/// </remarks>
public abstract class ErlangTerm : IEquatable<ErlangTerm>
{
    // Only the types of this library derive from ErlangTerm: equality relies on the closed set.
    private protected ErlangTerm()
    {
    }

    /// <summary>Structural (exact) equality with another term.</summary>
    public abstract bool Equals(ErlangTerm? other);

    /// <inheritdoc />
    public sealed override bool Equals(object? obj) => obj is ErlangTerm t && Equals(t);

    /// <inheritdoc />
    public abstract override int GetHashCode();

    /// <summary>Erlang term text for this term (see the type remarks).</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }

    /// <summary>Appends the Erlang term text of this term.</summary>
    internal abstract void WriteTo(StringBuilder sb);
}
