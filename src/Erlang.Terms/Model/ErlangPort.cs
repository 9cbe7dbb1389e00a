using System.Text;

namespace Erlang.Terms;

/// <summary>An Erlang port identifier (opaque).</summary>
public sealed class ErlangPort : ErlangTerm
{
    /// <summary>Creates a port.</summary>
    public ErlangPort(ErlangAtom node, ulong id, uint creation)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        Id = id;
        Creation = creation;
    }

    /// <summary>The node name.</summary>
    public ErlangAtom Node { get; }

    /// <summary>The id number.</summary>
    public ulong Id { get; }

    /// <summary>The node's creation.</summary>
    public uint Creation { get; }

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) =>
        other is ErlangPort p && p.Node.Equals(Node) && p.Id == Id && p.Creation == Creation;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(9, Node, Id, Creation);

    /// <remarks>Printed as <c>#Port&lt;'node'.Id.Creation&gt;</c>, which is not readable Erlang.</remarks>
    internal override void WriteTo(StringBuilder sb)
    {
        sb.Append("#Port<");
        TermFormatter.WriteQuotedAtom(sb, Node.Name);
        sb.Append('.').Append(Id).Append('.').Append(Creation).Append('>');
    }
}
