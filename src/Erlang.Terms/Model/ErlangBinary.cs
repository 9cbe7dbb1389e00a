using System.Collections.Immutable;
using System.Text;

namespace Erlang.Terms;

/// <summary>An Erlang binary: an immutable sequence of bytes.</summary>
public sealed class ErlangBinary : ErlangTerm
{
    /// <summary>The empty binary <c>&lt;&lt;&gt;&gt;</c>.</summary>
    public static ErlangBinary Empty { get; } = new(ImmutableArray<byte>.Empty);

    /// <summary>Creates a binary holding a copy of <paramref name="bytes"/>.</summary>
    public ErlangBinary(ReadOnlySpan<byte> bytes)
    {
        Bytes = ImmutableArray.Create(bytes);
    }

    /// <summary>Creates a binary over an immutable array (no copy).</summary>
    public ErlangBinary(ImmutableArray<byte> bytes)
    {
        Bytes = bytes.IsDefault ? ImmutableArray<byte>.Empty : bytes;
    }

    /// <summary>Creates a binary holding the UTF-8 encoding of <paramref name="text"/>.</summary>
    public static ErlangBinary FromUtf8(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The bytes.</summary>
    public ImmutableArray<byte> Bytes { get; }

    /// <summary>The number of bytes.</summary>
    public int Length => Bytes.Length;

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) =>
        other is ErlangBinary b && b.Bytes.AsSpan().SequenceEqual(Bytes.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(4);
        h.AddBytes(Bytes.AsSpan());
        return h.ToHashCode();
    }

    internal override void WriteTo(StringBuilder sb) => TermFormatter.WriteBinary(sb, Bytes.AsSpan());
}
