using System.Globalization;
using System.Numerics;
using System.Text;

namespace Erlang.Terms;

/// <summary>An Erlang integer of arbitrary precision, stored as a <see cref="long"/> when it fits.</summary>
public sealed class ErlangInteger : ErlangTerm
{
    private static readonly ErlangInteger[] SmallCache = CreateCache();

    // Invariant: _big is null exactly when the value fits in a long, so equality can compare fields.
    private readonly long _small;
    private readonly BigInteger? _big;

    /// <summary>Creates an integer.</summary>
    public ErlangInteger(long value)
    {
        _small = value;
    }

    /// <summary>Creates an integer.</summary>
    public ErlangInteger(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            _small = (long)value;
        }
        else
        {
            _big = value;
        }
    }

    /// <summary>Returns an integer, shared for the values 0..255.</summary>
    public static ErlangInteger From(long value) =>
        value is >= 0 and < 256 ? SmallCache[value] : new ErlangInteger(value);

    /// <summary>The value.</summary>
    public BigInteger Value => _big ?? _small;

    /// <summary>True when the value fits in a <see cref="long"/>.</summary>
    public bool IsInt64 => _big is null;

    /// <summary>Gets the value as a <see cref="long"/> if it fits.</summary>
    public bool TryGetInt64(out long value)
    {
        value = _small;
        return _big is null;
    }

    /// <summary>Gets the value as an <see cref="int"/> if it fits.</summary>
    public bool TryGetInt32(out int value)
    {
        if (_big is null && _small is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)_small;
            return true;
        }
        value = 0;
        return false;
    }

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) =>
        other is ErlangInteger i && (_big is null ? i._big is null && i._small == _small : i._big is { } b && b == _big.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(2, _big is { } b ? b.GetHashCode() : _small.GetHashCode());

    internal override void WriteTo(StringBuilder sb)
    {
        if (_big is { } b)
        {
            sb.Append(b.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(_small.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static ErlangInteger[] CreateCache()
    {
        var cache = new ErlangInteger[256];
        for (int i = 0; i < cache.Length; i++)
        {
            cache[i] = new ErlangInteger(i);
        }
        return cache;
    }
}
