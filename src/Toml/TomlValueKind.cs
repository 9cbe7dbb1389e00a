namespace Toml;

/// <summary>The type of a <see cref="TomlValue"/>, one per TOML 1.0 value type.</summary>
public enum TomlValueKind
{
    /// <summary>A string of any of the four string syntaxes.</summary>
    String,

    /// <summary>A signed 64-bit integer.</summary>
    Integer,

    /// <summary>An IEEE 754 binary64 float, including inf and nan.</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A date-time with an offset (an instant).</summary>
    OffsetDateTime,

    /// <summary>A date-time without an offset.</summary>
    LocalDateTime,

    /// <summary>A date without time or offset.</summary>
    LocalDate,

    /// <summary>A time of day without date or offset.</summary>
    LocalTime,

    /// <summary>An array (a static array or an array of tables).</summary>
    Array,

    /// <summary>A table (the root, a [table], an inline table or one defined by dotted keys).</summary>
    Table,
}
