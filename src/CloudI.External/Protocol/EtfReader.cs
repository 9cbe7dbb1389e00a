using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CloudI.External.Protocol;

/// <summary>
/// Schema-driven reader of the ETF subset the libraries send (spec §3.1). Each method reads one term of an
/// expected type and throws <see cref="ExternalProtocolException"/> otherwise; there is no generic recursion,
/// so nesting depth is bounded by construction and every length is checked against the remaining bytes
/// before anything is allocated.
/// </summary>
internal ref struct EtfReader
{
    private const byte SmallInteger = 97, Integer = 98, Float = 70, SmallBig = 110, LargeBig = 111;
    private const byte Atom = 100, SmallAtom = 115, AtomUtf8 = 118, SmallAtomUtf8 = 119;
    private const byte SmallTuple = 104, LargeTuple = 105, Nil = 106, String = 107, List = 108, Binary = 109;
    private const byte Pid = 103, NewPid = 88;

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public EtfReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
    }

    public readonly int Remaining => _span.Length - _position;

    public readonly bool AtEnd => _position == _span.Length;

    public readonly byte PeekTag()
    {
        if (_position >= _span.Length)
            Fail("truncated term");
        return _span[_position];
    }

    public void ReadVersion()
    {
        if (_span.IsEmpty)
            Fail("empty payload");
        if (_span[0] != 131)
            Fail($"wrong ETF version byte {_span[0]} (expected 131)");
        _position = 1;
    }

    public static bool IsAtomTag(byte tag) => tag is Atom or SmallAtom or AtomUtf8 or SmallAtomUtf8;

    public static bool IsTupleTag(byte tag) => tag is SmallTuple or LargeTuple;

    /// <summary>Reads a tuple header; returns the arity.</summary>
    public uint ReadTupleHeader()
    {
        byte tag = ReadByte();
        return tag switch
        {
            SmallTuple => ReadByte(),
            LargeTuple => ReadU32(),
            _ => throw Error($"expected a tuple, got {Describe(tag)}"),
        };
    }

    /// <summary>Reads an atom (any of the four tags) and returns its text bytes.</summary>
    public ReadOnlySpan<byte> ReadAtom(out bool utf8)
    {
        byte tag = ReadByte();
        int length;
        switch (tag)
        {
            case Atom: length = ReadU16(); utf8 = false; break;
            case AtomUtf8: length = ReadU16(); utf8 = true; break;
            case SmallAtom: length = ReadByte(); utf8 = false; break;
            case SmallAtomUtf8: length = ReadByte(); utf8 = true; break;
            default: throw Error($"expected an atom, got {Describe(tag)}");
        }
        return ReadSpan(length);
    }

    /// <summary>Reads the atoms <c>true</c>/<c>false</c>.</summary>
    public bool ReadBoolean(Field field)
    {
        if (!IsAtomTag(PeekTag()))
            Fail($"{field}: expected a boolean atom, got {Describe(PeekTag())}");
        ReadOnlySpan<byte> atom = ReadAtom(out _);
        if (atom.SequenceEqual("true"u8))
            return true;
        if (atom.SequenceEqual("false"u8))
            return false;
        throw Error($"{field}: expected true or false, got the atom '{Encoding.Latin1.GetString(atom)}'");
    }

    /// <summary>Reads an integer (97, 98, 110, 111) that fits a long; a float or anything else is an error.</summary>
    public long ReadInteger(Field field)
    {
        byte tag = ReadByte();
        switch (tag)
        {
            case SmallInteger:
                return ReadByte();
            case Integer:
                return unchecked((int)ReadU32());
            case SmallBig:
                return ReadBig(field, ReadByte());
            case LargeBig:
                return ReadBig(field, ReadU32());
            case Float:
                ReadSpan(8);
                throw Error($"{field}: expected an integer, got a float");
            default:
                throw Error($"{field}: expected an integer, got {Describe(tag)}");
        }
    }

    private long ReadBig(Field field, uint count)
    {
        if (count > (uint)Remaining)
            Fail("truncated big integer");
        byte sign = ReadByte();
        if (sign > 1)
            Fail($"{field}: invalid big integer sign byte {sign}");
        ReadOnlySpan<byte> magnitude = ReadSpan((int)count);
        int significant = magnitude.Length;
        while (significant > 0 && magnitude[significant - 1] == 0)
            significant--;
        if (significant > 8)
            Fail($"{field}: integer out of range");
        ulong value = 0;
        for (int i = significant - 1; i >= 0; i--)
            value = (value << 8) | magnitude[i];
        if (sign == 0)
        {
            if (value > long.MaxValue)
                Fail($"{field}: integer out of range");
            return (long)value;
        }
        if (value > (ulong)long.MaxValue + 1)
            Fail($"{field}: integer out of range");
        return unchecked(-(long)value);
    }

    /// <summary>Reads a string: STRING_EXT, NIL_EXT or a proper LIST_EXT of integers 0..255, as bytes.</summary>
    public ReadOnlyMemory<byte> ReadByteString(Field field)
    {
        byte tag = ReadByte();
        switch (tag)
        {
            case Nil:
                return ReadOnlyMemory<byte>.Empty;
            case String:
            {
                int length = ReadU16();
                int start = _position;
                ReadSpan(length);
                return _memory.Slice(start, length);
            }
            case List:
            {
                uint count = ReadU32();
                // every element is at least 2 bytes (97 n), and the tail at least 1
                if (count > (uint)(Remaining / 2))
                    Fail($"{field}: list length {count} exceeds the payload");
                var bytes = new byte[count];
                for (int i = 0; i < bytes.Length; i++)
                {
                    byte elementTag = PeekTag();
                    if (elementTag is not (SmallInteger or Integer or SmallBig or LargeBig))
                        Fail($"{field}: string element is {Describe(elementTag)}, not an integer");
                    long c = ReadInteger(field);
                    if (c is < 0 or > 255)
                        Fail($"{field}: string element {c} is not a byte (0..255)");
                    bytes[i] = (byte)c;
                }
                byte tail = ReadByte();
                if (tail != Nil)
                    Fail($"{field}: improper list (tail is {Describe(tail)})");
                return bytes;
            }
            default:
                throw Error($"{field}: expected a string, got {Describe(tag)}");
        }
    }

    /// <summary>Reads a BINARY_EXT as a slice of the payload.</summary>
    public ReadOnlyMemory<byte> ReadBinary(Field field)
    {
        byte tag = ReadByte();
        if (tag != Binary)
            Fail($"{field}: expected a binary, got {Describe(tag)}");
        uint length = ReadU32();
        if (length > (uint)Remaining)
            Fail($"{field}: truncated binary");
        int start = _position;
        _position += (int)length;
        return _memory.Slice(start, (int)length);
    }

    /// <summary>Reads PID_EXT (103) or NEW_PID_EXT (88) with a node atom of any tag.</summary>
    public ExternalPid ReadPid(Field field)
    {
        byte tag = ReadByte();
        if (tag is not (Pid or NewPid))
            Fail($"{field}: expected a pid, got {Describe(tag)}");
        if (!IsAtomTag(PeekTag()))
            Fail($"{field}: pid node is {Describe(PeekTag())}, not an atom");
        ReadOnlySpan<byte> node = ReadAtom(out bool utf8);
        int nodeStart = _position - node.Length;
        uint id = ReadU32();
        uint serial = ReadU32();
        uint creation = tag == Pid ? ReadByte() : ReadU32();
        ReadOnlyMemory<byte> nodeBytes = _memory.Slice(nodeStart, node.Length);
        if (utf8 && !Ascii.IsValid(node))
            nodeBytes = Utf8ToLatin1(node, field);
        return new ExternalPid(nodeBytes, id, serial, creation);
    }

    /// <summary>Node names are kept as Latin-1 bytes so that a UTF-8 re-encoding compares equal as text.</summary>
    private static byte[] Utf8ToLatin1(ReadOnlySpan<byte> utf8, Field field)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (ArgumentException)
        {
            throw Error($"{field}: pid node atom is not valid UTF-8");
        }
        foreach (char c in text)
        {
            if (c > 0xFF)
                return Encoding.UTF8.GetBytes(text); // cannot equal a Latin-1 node; keep the text bytes
        }
        return Encoding.Latin1.GetBytes(text);
    }

    private byte ReadByte()
    {
        if (_position >= _span.Length)
            Fail("truncated term");
        return _span[_position++];
    }

    private ushort ReadU16()
    {
        if (Remaining < 2)
            Fail("truncated term");
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return value;
    }

    private uint ReadU32()
    {
        if (Remaining < 4)
            Fail("truncated term");
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    private ReadOnlySpan<byte> ReadSpan(int length)
    {
        if (length > Remaining)
            Fail("truncated term");
        ReadOnlySpan<byte> result = _span.Slice(_position, length);
        _position += length;
        return result;
    }

    /// <summary>Readable name of a tag for error messages.</summary>
    public static string Describe(byte tag) => tag switch
    {
        SmallInteger => "SMALL_INTEGER_EXT (97)",
        Integer => "INTEGER_EXT (98)",
        Float => "NEW_FLOAT_EXT (70)",
        SmallBig => "SMALL_BIG_EXT (110)",
        LargeBig => "LARGE_BIG_EXT (111)",
        Atom => "ATOM_EXT (100)",
        SmallAtom => "SMALL_ATOM_EXT (115)",
        AtomUtf8 => "ATOM_UTF8_EXT (118)",
        SmallAtomUtf8 => "SMALL_ATOM_UTF8_EXT (119)",
        SmallTuple => "SMALL_TUPLE_EXT (104)",
        LargeTuple => "LARGE_TUPLE_EXT (105)",
        Nil => "NIL_EXT (106)",
        String => "STRING_EXT (107)",
        List => "LIST_EXT (108)",
        Binary => "BINARY_EXT (109)",
        Pid => "PID_EXT (103)",
        NewPid => "NEW_PID_EXT (88)",
        77 => "BIT_BINARY_EXT (77)",
        80 => "compressed term (80)",
        116 => "MAP_EXT (116)",
        _ => $"unsupported tag {tag}",
    };

    [DoesNotReturn]
    public static void Fail(string message) => throw new ExternalProtocolException(message);

    public static ExternalProtocolException Error(string message) => new(message);
}
