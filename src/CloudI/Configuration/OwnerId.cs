namespace CloudI.Configuration;

/// <summary>A user or group of the <c>owner</c> option: a numeric id or a name, as configured.</summary>
/// <param name="Id">The numeric id, when given as an integer.</param>
/// <param name="Name">The name, when given as a string.</param>
public readonly record struct OwnerId(long? Id, string? Name)
{
    /// <summary>The id or the name.</summary>
    public override string ToString() => Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Name ?? string.Empty;
}
