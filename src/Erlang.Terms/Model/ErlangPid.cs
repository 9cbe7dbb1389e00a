using System.Text;

namespace Erlang.Terms;

/// <summary>
/// An Erlang process identifier (opaque). Equality compares node name, id, serial and creation
/// as integers, whatever tags carried them (PID_EXT or NEW_PID_EXT, any atom tag).
/// </summary>
public sealed class ErlangPid : ErlangTerm
{
    /// <summary>Creates a pid.</summary>
    public ErlangPid(ErlangAtom node, uint id, uint serial, uint creation)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        Id = id;
        Serial = serial;
        Creation = creation;
    }

    /// <summary>The node name.</summary>
    public ErlangAtom Node { get; }

    /// <summary>The id number.</summary>
    public uint Id { get; }

    /// <summary>The serial number.</summary>
    public uint Serial { get; }

    /// <summary>The node's creation.</summary>
    public uint Creation { get; }

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) =>
        other is ErlangPid p && p.Node.Equals(Node) && p.Id == Id && p.Serial == Serial && p.Creation == Creation;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(8, Node, Id, Serial, Creation);

    /// <remarks>Printed as <c>#Pid&lt;'node'.Id.Serial.Creation&gt;</c>, which is not readable Erlang.</remarks>
    internal override void WriteTo(StringBuilder sb)
    {
        sb.Append("#Pid<");
        TermFormatter.WriteQuotedAtom(sb, Node.Name);
        sb.Append('.').Append(Id).Append('.').Append(Serial).Append('.').Append(Creation).Append('>');
    }
}
