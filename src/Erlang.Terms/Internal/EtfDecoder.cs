using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Erlang.Terms.Internal;

/// <summary>
/// Decodes one term of the external format from a span. Every length is checked against the
/// remaining bytes before anything is allocated, so allocation is bounded by the input size.
/// </summary>
internal ref struct EtfDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly ErlangExternalFormatOptions _options;
    private int _pos;

    public EtfDecoder(ReadOnlySpan<byte> data, ErlangExternalFormatOptions options)
    {
        _data = data;
        _options = options;
        _pos = 0;
    }

    public readonly int Position => _pos;

    public readonly int Remaining => _data.Length - _pos;

    public ErlangTerm ReadTerm(int depth)
    {
        if (depth > _options.MaxDepth)
        {
            throw Error($"terms nested deeper than {_options.MaxDepth} levels");
        }
        int at = _pos;
        var tag = (EtfTag)ReadU8();
        switch (tag)
        {
            case EtfTag.SmallInteger:
                return ErlangInteger.From(ReadU8());
            case EtfTag.Integer:
                return ErlangInteger.From((int)ReadU32());
            case EtfTag.SmallBig:
                return ReadBig(ReadU8());
            case EtfTag.LargeBig:
                return ReadBig(ReadU32());
            case EtfTag.NewFloat:
                return MakeFloat(BitConverter.UInt64BitsToDouble(ReadU64()), at);
            case EtfTag.Float:
                return ReadOldFloat(at);
            case EtfTag.Atom:
            case EtfTag.SmallAtom:
            case EtfTag.AtomUtf8:
            case EtfTag.SmallAtomUtf8:
                return ReadAtomBody(tag, at);
            case EtfTag.SmallTuple:
                return ReadTuple(ReadU8(), depth);
            case EtfTag.LargeTuple:
                return ReadTuple(ReadU32(), depth);
            case EtfTag.Nil:
                return ErlangList.Nil;
            case EtfTag.String:
            {
                var bytes = ReadBytes(ReadU16());
                return ErlangList.FromString(Encoding.Latin1.GetString(bytes));
            }
            case EtfTag.List:
                return ReadList(depth);
            case EtfTag.Binary:
                return new ErlangBinary(ReadBytes(ReadU32()));
            case EtfTag.Map:
                return ReadMap(depth);
            case EtfTag.Pid:
                return new ErlangPid(ReadNode(), ReadU32(), ReadU32(), ReadU8());
            case EtfTag.NewPid:
                return new ErlangPid(ReadNode(), ReadU32(), ReadU32(), ReadU32());
            case EtfTag.Port:
                return new ErlangPort(ReadNode(), ReadU32(), ReadU8());
            case EtfTag.NewPort:
                return new ErlangPort(ReadNode(), ReadU32(), ReadU32());
            case EtfTag.V4Port:
                return new ErlangPort(ReadNode(), ReadU64(), ReadU32());
            case EtfTag.Reference:
            {
                var node = ReadNode();
                uint id = ReadU32();
                return new ErlangReference(node, ReadU8(), ImmutableArray.Create(id));
            }
            case EtfTag.NewReference:
            case EtfTag.NewerReference:
                return ReadReference(tag, depth);
            case EtfTag.Compressed:
                throw Error("a compressed term (tag 80) is only allowed right after the version byte", at);
            case EtfTag.BitBinary:
            case EtfTag.AtomCacheRef:
            case EtfTag.NewFun:
            case EtfTag.Export:
            case EtfTag.Fun:
            case EtfTag.Local:
                throw Error($"unsupported term tag {(byte)tag} ({tag})", at);
            default:
                throw Error($"unknown term tag {(byte)tag}", at);
        }
    }

    private ErlangTerm ReadBig(uint length)
    {
        int at = _pos;
        byte sign = ReadU8();
        if (sign > 1)
        {
            throw Error($"big integer sign byte {sign} is neither 0 nor 1", at);
        }
        if (length > (uint)_options.MaxBigIntegerBytes)
        {
            throw Error($"big integer of {length} bytes exceeds the limit of {_options.MaxBigIntegerBytes}", at);
        }
        var magnitude = new BigInteger(ReadBytes(length), isUnsigned: true, isBigEndian: false);
        return new ErlangInteger(sign == 1 ? -magnitude : magnitude);
    }

    private ErlangFloat ReadOldFloat(int at)
    {
        var raw = ReadBytes(31);
        int end = raw.IndexOf((byte)0);
        var text = Encoding.ASCII.GetString(end < 0 ? raw : raw[..end]);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw Error("FLOAT_EXT does not hold a number", at);
        }
        return MakeFloat(value, at);
    }

    private readonly ErlangFloat MakeFloat(double value, int at)
    {
        if (!double.IsFinite(value))
        {
            throw Error("float is NaN or infinite, which Erlang does not allow", at);
        }
        return new ErlangFloat(value);
    }

    private ErlangAtom ReadAtomBody(EtfTag tag, int at)
    {
        uint length = tag is EtfTag.SmallAtom or EtfTag.SmallAtomUtf8 ? ReadU8() : ReadU16();
        var bytes = ReadBytes(length);
        string name;
        if (tag is EtfTag.Atom or EtfTag.SmallAtom)
        {
            name = Encoding.Latin1.GetString(bytes);
        }
        else
        {
            try
            {
                name = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Error("atom is not valid UTF-8", at);
            }
        }
        int characters = 0;
        foreach (var _ in name.EnumerateRunes())
        {
            characters++;
        }
        if (characters > ErlangAtom.MaxLength)
        {
            throw Error($"atom of {characters} characters exceeds Erlang's limit of {ErlangAtom.MaxLength}", at);
        }
        return new ErlangAtom(name);
    }

    private ErlangAtom ReadNode()
    {
        int at = _pos;
        var tag = (EtfTag)ReadU8();
        if (tag is not (EtfTag.Atom or EtfTag.SmallAtom or EtfTag.AtomUtf8 or EtfTag.SmallAtomUtf8))
        {
            throw Error($"expected an atom for the node name, found tag {(byte)tag}", at);
        }
        return ReadAtomBody(tag, at);
    }

    private ErlangTuple ReadTuple(uint arity, int depth)
    {
        CheckCount(arity, 1, "tuple arity");
        var elements = ImmutableArray.CreateBuilder<ErlangTerm>((int)arity);
        for (uint i = 0; i < arity; i++)
        {
            elements.Add(ReadTerm(depth + 1));
        }
        return new ErlangTuple(elements.MoveToImmutable());
    }

    private ErlangTerm ReadList(int depth)
    {
        uint count = ReadU32();
        // Each element takes at least one byte, and the tail one more.
        CheckCount(count, 1, "list length");
        var elements = ImmutableArray.CreateBuilder<ErlangTerm>((int)count);
        for (uint i = 0; i < count; i++)
        {
            elements.Add(ReadTerm(depth + 1));
        }
        var tail = ReadTerm(depth + 1);
        if (count == 0)
        {
            // [ | Tail] with no elements is just the tail.
            return tail;
        }
        return new ErlangList(elements.MoveToImmutable(), tail is ErlangList { IsEmpty: true } ? null : tail);
    }

    private ErlangMap ReadMap(int depth)
    {
        uint count = ReadU32();
        CheckCount(count, 2, "map size");
        var pairs = new List<KeyValuePair<ErlangTerm, ErlangTerm>>((int)count);
        var keys = new HashSet<ErlangTerm>();
        for (uint i = 0; i < count; i++)
        {
            int keyAt = _pos;
            var key = ReadTerm(depth + 1);
            if (!keys.Add(key))
            {
                throw Error("map has a duplicate key", keyAt);
            }
            pairs.Add(new(key, ReadTerm(depth + 1)));
        }
        return new ErlangMap(pairs);
    }

    private ErlangReference ReadReference(EtfTag tag, int depth)
    {
        int at = _pos;
        int count = ReadU16();
        if (count is < 1 or > ErlangReference.MaxIds)
        {
            throw Error($"reference has {count} ids; 1 to {ErlangReference.MaxIds} are allowed", at);
        }
        var node = ReadNode();
        uint creation = tag == EtfTag.NewReference ? ReadU8() : ReadU32();
        var ids = ImmutableArray.CreateBuilder<uint>(count);
        for (int i = 0; i < count; i++)
        {
            ids.Add(ReadU32());
        }
        return new ErlangReference(node, creation, ids.MoveToImmutable());
    }

    private readonly void CheckCount(uint count, int minBytesEach, string what)
    {
        if (count > (uint)(Remaining / minBytesEach))
        {
            throw Error($"{what} {count} exceeds what the remaining {Remaining} bytes can hold");
        }
    }

    private byte ReadU8()
    {
        Need(1);
        return _data[_pos++];
    }

    private ushort ReadU16()
    {
        Need(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_data[_pos..]);
        _pos += 2;
        return v;
    }

    private uint ReadU32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_data[_pos..]);
        _pos += 4;
        return v;
    }

    private ulong ReadU64()
    {
        Need(8);
        var v = BinaryPrimitives.ReadUInt64BigEndian(_data[_pos..]);
        _pos += 8;
        return v;
    }

    private ReadOnlySpan<byte> ReadBytes(uint length)
    {
        if (length > (uint)Remaining)
        {
            throw Error($"length {length} exceeds the remaining {Remaining} bytes");
        }
        var span = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return span;
    }

    private readonly void Need(int count)
    {
        if (Remaining < count)
        {
            throw Error($"truncated input: {count} more bytes needed, {Remaining} left");
        }
    }

    private readonly ErlangExternalFormatException Error(string message) => new(message, _pos);

    private static ErlangExternalFormatException Error(string message, int at) => new(message, at);
}
