using System.Text;

namespace Erlang.Terms;

/// <summary>An Erlang float: a finite IEEE-754 double (Erlang has no NaN or infinities).</summary>
public sealed class ErlangFloat : ErlangTerm
{
    /// <summary>Creates a float.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public ErlangFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Erlang floats are finite");
        }
        Value = value;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) => other is ErlangFloat f && f.Value.Equals(Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(3, Value);

    internal override void WriteTo(StringBuilder sb) => TermFormatter.WriteFloat(sb, Value);
}
