using System.Buffers.Binary;
using System.Text;

namespace CloudI.External.Protocol;

/// <summary>
/// The Source pid of a request: the Erlang pid the runtime writes into SEND_* and the libraries echo
/// back in <c>return_*</c>/<c>forward_*</c> (spec §3.2). Equality is structural (node bytes, id, serial and
/// creation as integers), so it ignores PID_EXT vs NEW_PID_EXT, the atom tag and the creation width.
/// A decoded pid's <see cref="Node"/> may slice the received payload; call <see cref="Detach"/> before
/// keeping it beyond the payload's lifetime if that buffer is reused.
/// </summary>
public readonly struct ExternalPid : IEquatable<ExternalPid>
{
    /// <summary>Largest id the libraries round-trip (Java keeps 15 bits).</summary>
    public const uint MaxId = 0x7FFF;

    /// <summary>Largest serial the libraries round-trip (Java keeps 13 bits).</summary>
    public const uint MaxSerial = 0x1FFF;

    /// <summary>Largest creation the libraries round-trip (Java keeps 2 bits).</summary>
    public const uint MaxCreation = 3;

    /// <summary>Creates a pid; values are not range-checked here because decoded pids may exceed the encodable range.</summary>
    public ExternalPid(ReadOnlyMemory<byte> node, uint id, uint serial, uint creation)
    {
        Node = node;
        Id = id;
        Serial = serial;
        Creation = creation;
    }

    /// <summary>Creates a pid with an ASCII/Latin-1 node name such as <c>cloudi@localhost</c>.</summary>
    public ExternalPid(string node, uint id, uint serial, uint creation)
        : this(Encoding.Latin1.GetBytes(node), id, serial, creation) { }

    /// <summary>Node name bytes (the atom text).</summary>
    public ReadOnlyMemory<byte> Node { get; }

    /// <summary>Pid id field.</summary>
    public uint Id { get; }

    /// <summary>Pid serial field.</summary>
    public uint Serial { get; }

    /// <summary>Pid creation field.</summary>
    public uint Creation { get; }

    /// <summary>Size of <see cref="Encode"/>'s result: 131, 103, ATOM_EXT node, id, serial, creation.</summary>
    public int EncodedLength => 1 + 1 + 3 + Node.Length + 4 + 4 + 1;

    /// <summary>The node name as text (Latin-1), for logs.</summary>
    public string NodeName => Encoding.Latin1.GetString(Node.Span);

    /// <summary>
    /// Encodes the complete term (with the 131 version byte) as PID_EXT with an ATOM_EXT node, the only
    /// form both 1.5.3 and 2.0.x libraries accept.
    /// </summary>
    /// <exception cref="InvalidOperationException">A field exceeds what the libraries can round-trip.</exception>
    public byte[] Encode()
    {
        var result = new byte[EncodedLength];
        EncodeTo(result);
        return result;
    }

    /// <summary>Writes <see cref="Encode"/>'s bytes into <paramref name="destination"/>; returns the length written.</summary>
    public int EncodeTo(Span<byte> destination)
    {
        if (Id > MaxId || Serial > MaxSerial || Creation > MaxCreation)
            throw new InvalidOperationException(
                $"pid <{Id}.{Serial}.{Creation}> exceeds id <= {MaxId}, serial <= {MaxSerial}, creation <= {MaxCreation}");
        if (Node.Length == 0 || Node.Length > 255)
            throw new InvalidOperationException("pid node name must be 1..255 bytes");
        ReadOnlySpan<byte> node = Node.Span;
        int length = EncodedLength;
        Span<byte> d = destination[..length];
        d[0] = 131;
        d[1] = 103;
        d[2] = 100;
        BinaryPrimitives.WriteUInt16BigEndian(d[3..], (ushort)node.Length);
        node.CopyTo(d[5..]);
        int p = 5 + node.Length;
        BinaryPrimitives.WriteUInt32BigEndian(d[p..], Id);
        BinaryPrimitives.WriteUInt32BigEndian(d[(p + 4)..], Serial);
        d[p + 8] = (byte)Creation;
        return length;
    }

    /// <summary>Returns an equal pid whose node name is an owned copy (safe to keep after the payload is reused).</summary>
    public ExternalPid Detach() => new(Node.ToArray(), Id, Serial, Creation);

    /// <inheritdoc/>
    public bool Equals(ExternalPid other) =>
        Id == other.Id && Serial == other.Serial && Creation == other.Creation &&
        Node.Span.SequenceEqual(other.Node.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExternalPid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Node.Span);
        hash.Add(Id);
        hash.Add(Serial);
        hash.Add(Creation);
        return hash.ToHashCode();
    }

    /// <summary>Structural equality.</summary>
    public static bool operator ==(ExternalPid left, ExternalPid right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(ExternalPid left, ExternalPid right) => !left.Equals(right);

    /// <summary>Erlang-like rendering for logs, e.g. <c>&lt;cloudi@host.1449.0.1&gt;</c>.</summary>
    public override string ToString() => $"<{NodeName}.{Id}.{Serial}.{Creation}>";
}
