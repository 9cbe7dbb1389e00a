using System.Buffers.Binary;
using System.Text;

namespace CloudI.Api.Internal;

/// <summary>
/// Writes one outgoing message (an ETF term, optionally behind the stream length prefix) into a
/// buffer reused for every message, so sending allocates nothing once the buffer has grown. Only
/// the term shapes the libraries send are supported, encoded as cloudi.py does (§3, V5, V9).
/// </summary>
internal sealed class EtfWriter
{
    private const byte Version = 131;
    private const byte SmallInteger = 97;
    private const byte Integer = 98;
    private const byte SmallBig = 110;
    private const byte SmallTuple = 104;
    private const byte Nil = 106;
    private const byte StringTag = 107;
    private const byte ListTag = 108;
    private const byte BinaryTag = 109;
    private const byte SmallAtom = 115;
    private const byte SmallAtomUtf8 = 119;

    private readonly int _header;
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <param name="lengthPrefix">True for stream protocols: a u32 big-endian length precedes the term.</param>
    public EtfWriter(bool lengthPrefix) => _header = lengthPrefix ? 4 : 0;

    /// <summary>Starts a new message with the version byte.</summary>
    public EtfWriter Start()
    {
        _length = _header;
        _buffer[_length++] = Version;
        return this;
    }

    /// <summary>The finished message, length prefix filled in; valid until the next <see cref="Start"/>.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        if (_header != 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer, (uint)(_length - _header));
        }

        return _buffer.AsSpan(0, _length);
    }

    /// <summary>SMALL_TUPLE_EXT header.</summary>
    public EtfWriter Tuple(byte arity)
    {
        Span<byte> s = Reserve(2);
        s[0] = SmallTuple;
        s[1] = arity;
        return this;
    }

    /// <summary>An atom as SMALL_ATOM_EXT, as cloudi.py's atoms made from bytes.</summary>
    public EtfWriter Atom(ReadOnlySpan<byte> name)
    {
        Span<byte> s = Reserve(2 + name.Length);
        s[0] = SmallAtom;
        s[1] = (byte)name.Length;
        name.CopyTo(s[2..]);
        return this;
    }

    /// <summary>A boolean as SMALL_ATOM_UTF8_EXT, as the 2.0.x Python library sends it (V9).</summary>
    public EtfWriter Boolean(bool value)
    {
        ReadOnlySpan<byte> name = value ? "true"u8 : "false"u8;
        Span<byte> s = Reserve(2 + name.Length);
        s[0] = SmallAtomUtf8;
        s[1] = (byte)name.Length;
        name.CopyTo(s[2..]);
        return this;
    }

    /// <summary>
    /// A string as its UTF-8 bytes: NIL_EXT when empty, STRING_EXT up to 65535 bytes, else a
    /// LIST_EXT of small integers (what Python's erlang module produces).
    /// </summary>
    public EtfWriter String(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= ushort.MaxValue)
        {
            Span<byte> s = Reserve(3 + max);
            int n = Encoding.UTF8.GetBytes(text, s[3..]);
            if (n == 0)
            {
                s[0] = Nil;
                _length -= 2 + max;
                return this;
            }

            s[0] = StringTag;
            BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)n);
            _length -= max - n;
            return this;
        }

        return StringBytes(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A string given as bytes, encoded like <see cref="String"/>.</summary>
    public EtfWriter StringBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            Reserve(1)[0] = Nil;
        }
        else if (bytes.Length <= ushort.MaxValue)
        {
            Span<byte> s = Reserve(3 + bytes.Length);
            s[0] = StringTag;
            BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)bytes.Length);
            bytes.CopyTo(s[3..]);
        }
        else
        {
            Span<byte> s = Reserve(6 + (2 * bytes.Length));
            s[0] = ListTag;
            BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)bytes.Length);
            for (int k = 0; k < bytes.Length; k++)
            {
                s[5 + (2 * k)] = SmallInteger;
                s[6 + (2 * k)] = bytes[k];
            }

            s[^1] = Nil;
        }

        return this;
    }

    /// <summary>BINARY_EXT.</summary>
    public EtfWriter Binary(ReadOnlySpan<byte> bytes)
    {
        Span<byte> s = Reserve(5 + bytes.Length);
        s[0] = BinaryTag;
        BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)bytes.Length);
        bytes.CopyTo(s[5..]);
        return this;
    }

    /// <summary>An integer in the smallest of SMALL_INTEGER_EXT, INTEGER_EXT and SMALL_BIG_EXT.</summary>
    public EtfWriter Integer64(long value)
    {
        if (value is >= 0 and <= 255)
        {
            Span<byte> s = Reserve(2);
            s[0] = SmallInteger;
            s[1] = (byte)value;
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            Span<byte> s = Reserve(5);
            s[0] = Integer;
            BinaryPrimitives.WriteInt32BigEndian(s[1..], (int)value);
        }
        else
        {
            ulong magnitude = value < 0 ? (ulong)-value : (ulong)value;
            int n = (64 - System.Numerics.BitOperations.LeadingZeroCount(magnitude) + 7) / 8;
            Span<byte> s = Reserve(3 + n);
            s[0] = SmallBig;
            s[1] = (byte)n;
            s[2] = value < 0 ? (byte)1 : (byte)0;
            for (int k = 0; k < n; k++)
            {
                s[3 + k] = (byte)(magnitude >> (8 * k));
            }
        }

        return this;
    }

    /// <summary>A complete term given with its version byte (the echoed Source pid), written without it.</summary>
    public EtfWriter Term(ReadOnlySpan<byte> termWithVersion)
    {
        if (termWithVersion.Length < 2 || termWithVersion[0] != Version)
        {
            throw new CloudIInvalidInputException("source must be an Erlang term (starting with byte 131) as received");
        }

        termWithVersion[1..].CopyTo(Reserve(termWithVersion.Length - 1));
        return this;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
