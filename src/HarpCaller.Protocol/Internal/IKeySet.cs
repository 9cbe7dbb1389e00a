namespace HarpCaller.Protocol.Internal;

/// <summary>The top-level keys one message family knows, for <see cref="TopLevelReader"/>.</summary>
internal interface IKeySet
{
    /// <summary>Index of the key named by the reader's property name, or -1 when it is not a known key.</summary>
    static abstract int Lookup(ReadOnlySpan<byte> rawName, bool escaped);
}
