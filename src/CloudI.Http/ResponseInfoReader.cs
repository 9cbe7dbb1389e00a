using System.Buffers.Binary;

namespace CloudI.Http;

/// <summary>
/// Walks a ResponseInfo's key/value pairs without copying (spec a.3): text pairs
/// <c>key\0value\0…</c> (ending with a NUL), or binary pairs after a leading 0x00 byte
/// (<c>u32 BE length, key, u32 BE length, value</c> each). A lone <c>\0</c> is an empty set.
/// </summary>
internal ref struct ResponseInfoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _binary;
    private int _offset;

    public ResponseInfoReader(ReadOnlySpan<byte> data)
    {
        _binary = !data.IsEmpty && data[0] == 0;
        _data = data;
        _offset = _binary ? 1 : 0;
    }

    /// <summary>Set when the data is not well-formed pairs (the rest is then not read).</summary>
    public bool Invalid { get; private set; }

    /// <summary>Reads the next pair; false at the end or on malformed data (<see cref="Invalid"/>).</summary>
    public bool Next(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = default;
        value = default;
        if (_offset >= _data.Length || Invalid)
        {
            return false;
        }

        return _binary ? NextBinary(out key, out value) : NextText(out key, out value);
    }

    private bool NextText(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        value = default;
        ReadOnlySpan<byte> rest = _data[_offset..];
        int keyEnd = rest.IndexOf((byte)0);
        key = keyEnd < 0 ? default : rest[..keyEnd];
        int valueEnd = keyEnd < 0 ? -1 : rest[(keyEnd + 1)..].IndexOf((byte)0);
        if (valueEnd < 0)
        {
            Invalid = true;
            return false;
        }

        value = rest.Slice(keyEnd + 1, valueEnd);
        _offset += keyEnd + 1 + valueEnd + 1;
        return true;
    }

    private bool NextBinary(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Field(out key) || !Field(out value))
        {
            Invalid = true;
            return false;
        }

        return true;
    }

    private bool Field(out ReadOnlySpan<byte> field)
    {
        field = default;
        if (_data.Length - _offset < 4)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(_data[_offset..]);
        if (length > (uint)(_data.Length - _offset - 4))
        {
            return false;
        }

        field = _data.Slice(_offset + 4, (int)length);
        _offset += 4 + (int)length;
        return true;
    }
}
