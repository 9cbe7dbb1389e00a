using System.Collections.Immutable;
using System.Text;

namespace Erlang.Terms;

/// <summary>An Erlang reference (opaque): a node, a creation and 1 to 5 id words.</summary>
public sealed class ErlangReference : ErlangTerm
{
    /// <summary>The most id words a reference carries (OTP 24 and later).</summary>
    public const int MaxIds = 5;

    /// <summary>Creates a reference.</summary>
    /// <exception cref="ArgumentException">There are not 1 to 5 ids.</exception>
    public ErlangReference(ErlangAtom node, uint creation, ImmutableArray<uint> ids)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        if (ids.IsDefaultOrEmpty || ids.Length > MaxIds)
        {
            throw new ArgumentException($"a reference has 1 to {MaxIds} ids", nameof(ids));
        }
        Creation = creation;
        Ids = ids;
    }

    /// <summary>The node name.</summary>
    public ErlangAtom Node { get; }

    /// <summary>The node's creation.</summary>
    public uint Creation { get; }

    /// <summary>The id words, as in the external format.</summary>
    public ImmutableArray<uint> Ids { get; }

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) =>
        other is ErlangReference r && r.Node.Equals(Node) && r.Creation == Creation && r.Ids.AsSpan().SequenceEqual(Ids.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(10);
        h.Add(Node);
        h.Add(Creation);
        foreach (var id in Ids)
        {
            h.Add(id);
        }
        return h.ToHashCode();
    }

    /// <remarks>Printed as <c>#Ref&lt;'node'.Creation.Id1.Id2...&gt;</c>, which is not readable Erlang.</remarks>
    internal override void WriteTo(StringBuilder sb)
    {
        sb.Append("#Ref<");
        TermFormatter.WriteQuotedAtom(sb, Node.Name);
        sb.Append('.').Append(Creation);
        foreach (var id in Ids)
        {
            sb.Append('.').Append(id);
        }
        sb.Append('>');
    }
}
