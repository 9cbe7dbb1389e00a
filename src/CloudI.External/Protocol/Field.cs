namespace CloudI.External.Protocol;

/// <summary>Names a message field for error messages without allocating on the success path.</summary>
internal readonly record struct Field(string Message, string Name)
{
    public override string ToString() => $"{Message}: {Name}";
}
