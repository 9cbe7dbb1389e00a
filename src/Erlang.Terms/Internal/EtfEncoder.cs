using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Erlang.Terms.Internal;

/// <summary>
/// Encodes terms choosing the smallest form, as <c>term_to_binary/1</c> of OTP 26 and later does.
/// </summary>
internal readonly struct EtfEncoder
{
    private readonly IBufferWriter<byte> _out;

    public EtfEncoder(IBufferWriter<byte> output)
    {
        _out = output;
    }

    public void WriteTerm(ErlangTerm term)
    {
        switch (term)
        {
            case ErlangInteger i:
                WriteInteger(i);
                break;
            case ErlangFloat f:
                WriteU8(EtfTag.NewFloat);
                WriteU64(BitConverter.DoubleToUInt64Bits(f.Value));
                break;
            case ErlangAtom a:
                WriteAtom(a);
                break;
            case ErlangBinary b:
                WriteU8(EtfTag.Binary);
                WriteU32((uint)b.Length);
                WriteBytes(b.Bytes.AsSpan());
                break;
            case ErlangTuple t:
                if (t.Arity <= byte.MaxValue)
                {
                    WriteU8(EtfTag.SmallTuple);
                    WriteU8((byte)t.Arity);
                }
                else
                {
                    WriteU8(EtfTag.LargeTuple);
                    WriteU32((uint)t.Arity);
                }
                foreach (var e in t.Elements)
                {
                    WriteTerm(e);
                }
                break;
            case ErlangList l:
                WriteList(l);
                break;
            case ErlangMap m:
                WriteU8(EtfTag.Map);
                WriteU32((uint)m.Count);
                foreach (var p in m.Pairs)
                {
                    WriteTerm(p.Key);
                    WriteTerm(p.Value);
                }
                break;
            case ErlangPid p:
                WriteU8(EtfTag.NewPid);
                WriteAtom(p.Node);
                WriteU32(p.Id);
                WriteU32(p.Serial);
                WriteU32(p.Creation);
                break;
            case ErlangPort p:
                if (p.Id <= uint.MaxValue)
                {
                    WriteU8(EtfTag.NewPort);
                    WriteAtom(p.Node);
                    WriteU32((uint)p.Id);
                }
                else
                {
                    WriteU8(EtfTag.V4Port);
                    WriteAtom(p.Node);
                    WriteU64(p.Id);
                }
                WriteU32(p.Creation);
                break;
            case ErlangReference r:
                WriteU8(EtfTag.NewerReference);
                WriteU16((ushort)r.Ids.Length);
                WriteAtom(r.Node);
                WriteU32(r.Creation);
                foreach (var id in r.Ids)
                {
                    WriteU32(id);
                }
                break;
            default:
                throw new ArgumentException($"unknown term type {term.GetType()}", nameof(term));
        }
    }

    private void WriteInteger(ErlangInteger i)
    {
        if (i.TryGetInt64(out long v))
        {
            if (v is >= 0 and <= byte.MaxValue)
            {
                WriteU8(EtfTag.SmallInteger);
                WriteU8((byte)v);
                return;
            }
            if (v is >= int.MinValue and <= int.MaxValue)
            {
                WriteU8(EtfTag.Integer);
                WriteU32((uint)(int)v);
                return;
            }
        }
        BigInteger value = i.Value;
        BigInteger magnitude = BigInteger.Abs(value);
        int n = magnitude.GetByteCount(isUnsigned: true);
        if (n <= byte.MaxValue)
        {
            WriteU8(EtfTag.SmallBig);
            WriteU8((byte)n);
        }
        else
        {
            WriteU8(EtfTag.LargeBig);
            WriteU32((uint)n);
        }
        WriteU8((byte)(value.Sign < 0 ? 1 : 0));
        var span = _out.GetSpan(n);
        magnitude.TryWriteBytes(span, out int written, isUnsigned: true, isBigEndian: false);
        _out.Advance(written);
    }

    private void WriteAtom(ErlangAtom a)
    {
        // At most 255 characters, so at most 1020 UTF-8 bytes: always fits the u16 form.
        int n = Encoding.UTF8.GetByteCount(a.Name);
        if (n <= byte.MaxValue)
        {
            WriteU8(EtfTag.SmallAtomUtf8);
            WriteU8((byte)n);
        }
        else
        {
            WriteU8(EtfTag.AtomUtf8);
            WriteU16((ushort)n);
        }
        var span = _out.GetSpan(n);
        Encoding.UTF8.GetBytes(a.Name, span);
        _out.Advance(n);
    }

    private void WriteList(ErlangList l)
    {
        if (l.IsEmpty)
        {
            WriteU8(EtfTag.Nil);
            return;
        }
        if (l.IsProper && l.Count <= ushort.MaxValue && AllBytes(l))
        {
            // Erlang writes a proper list of small integers as STRING_EXT.
            WriteU8(EtfTag.String);
            WriteU16((ushort)l.Count);
            var span = _out.GetSpan(l.Count);
            for (int i = 0; i < l.Count; i++)
            {
                ((ErlangInteger)l[i]).TryGetInt64(out long b);
                span[i] = (byte)b;
            }
            _out.Advance(l.Count);
            return;
        }
        WriteU8(EtfTag.List);
        WriteU32((uint)l.Count);
        foreach (var e in l.Elements)
        {
            WriteTerm(e);
        }
        if (l.Tail is null)
        {
            WriteU8(EtfTag.Nil);
        }
        else
        {
            WriteTerm(l.Tail);
        }
    }

    private static bool AllBytes(ErlangList l)
    {
        foreach (var e in l.Elements)
        {
            if (e is not ErlangInteger i || !i.TryGetInt64(out long v) || v is < 0 or > 255)
            {
                return false;
            }
        }
        return true;
    }

    public void WriteU8(EtfTag tag) => WriteU8((byte)tag);

    public void WriteU8(byte value)
    {
        _out.GetSpan(1)[0] = value;
        _out.Advance(1);
    }

    public void WriteU16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_out.GetSpan(2), value);
        _out.Advance(2);
    }

    public void WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_out.GetSpan(4), value);
        _out.Advance(4);
    }

    public void WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_out.GetSpan(8), value);
        _out.Advance(8);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _out.Write(bytes);
}
