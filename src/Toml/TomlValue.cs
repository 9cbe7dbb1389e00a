using System.Globalization;

namespace Toml;

/// <summary>
/// A value of a TOML document with the 1-based position it was written at.
/// Scalars are instances of this class; arrays and tables are <see cref="TomlArray"/> and <see cref="TomlTable"/>.
/// </summary>
public class TomlValue
{
    // Boxed scalar; null for arrays and tables. Configuration documents are small, so the box costs nothing that matters.
    private readonly object? _scalar;

    private protected TomlValue(TomlValueKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    internal TomlValue(TomlValueKind kind, object scalar, int line, int column)
        : this(kind, line, column)
    {
        _scalar = scalar;
    }

    /// <summary>The TOML type of the value.</summary>
    public TomlValueKind Kind { get; }

    /// <summary>1-based line where the value starts (for a [table], the line of its header).</summary>
    public int Line { get; private set; }

    /// <summary>1-based column (in Unicode code points) where the value starts.</summary>
    public int Column { get; private set; }

    /// <summary>The string value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string AsString() => Scalar<string>(TomlValueKind.String);

    /// <summary>The integer value.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer.</exception>
    public long AsInteger() => Scalar<long>(TomlValueKind.Integer);

    /// <summary>The float value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a float.</exception>
    public double AsFloat() => Scalar<double>(TomlValueKind.Float);

    /// <summary>The boolean value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool AsBoolean() => Scalar<bool>(TomlValueKind.Boolean);

    /// <summary>The offset date-time, fractional seconds truncated to 100 ns.</summary>
    /// <exception cref="InvalidOperationException">The value is not an offset date-time.</exception>
    public DateTimeOffset AsOffsetDateTime() => Scalar<DateTimeOffset>(TomlValueKind.OffsetDateTime);

    /// <summary>The local date-time (<see cref="DateTimeKind.Unspecified"/>), fractional seconds truncated to 100 ns.</summary>
    /// <exception cref="InvalidOperationException">The value is not a local date-time.</exception>
    public DateTime AsLocalDateTime() => Scalar<DateTime>(TomlValueKind.LocalDateTime);

    /// <summary>The local date.</summary>
    /// <exception cref="InvalidOperationException">The value is not a local date.</exception>
    public DateOnly AsLocalDate() => Scalar<DateOnly>(TomlValueKind.LocalDate);

    /// <summary>The local time, fractional seconds truncated to 100 ns.</summary>
    /// <exception cref="InvalidOperationException">The value is not a local time.</exception>
    public TimeOnly AsLocalTime() => Scalar<TimeOnly>(TomlValueKind.LocalTime);

    /// <summary>This value as an array.</summary>
    /// <exception cref="InvalidOperationException">The value is not an array.</exception>
    public TomlArray AsArray() => this as TomlArray ?? throw KindMismatch(TomlValueKind.Array);

    /// <summary>This value as a table.</summary>
    /// <exception cref="InvalidOperationException">The value is not a table.</exception>
    public TomlTable AsTable() => this as TomlTable ?? throw KindMismatch(TomlValueKind.Table);

    /// <summary>A short text of the value, for diagnostics (not TOML serialisation).</summary>
    public override string ToString() => _scalar switch
    {
        null => Kind.ToString(),
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => _scalar.ToString() ?? string.Empty,
    };

    /// <summary>Moves the reported position: an implicitly created table takes the position of its later [header].</summary>
    internal void MoveTo(int line, int column)
    {
        Line = line;
        Column = column;
    }

    private T Scalar<T>(TomlValueKind expected)
    {
        if (Kind != expected)
        {
            throw KindMismatch(expected);
        }

        return (T)_scalar!;
    }

    private InvalidOperationException KindMismatch(TomlValueKind expected) =>
        new($"The TOML value at {Line}:{Column} is {Kind}, not {expected}.");
}
