using System.Buffers;
using System.Globalization;
using System.Text;

namespace HarpCaller.Protocol.Internal;

/// <summary>
/// Builds one line of UTF-8 JSON. Starts on memory the caller provides (usually <c>stackalloc</c>) and
/// rents from the shared pool only when a line outgrows it, so a typical reply costs one allocation:
/// the returned array.
/// </summary>
internal ref struct Utf8LineBuilder
{
    /// <summary>Characters that cannot be copied into a JSON string as they are.</summary>
    private static readonly SearchValues<char> s_needsEscaping = SearchValues.Create(BuildNeedsEscaping());

    private readonly bool _sensitive;
    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _length;

    /// <summary>Creates a builder over <paramref name="initial"/>.</summary>
    /// <param name="initial">First buffer, usually stack memory.</param>
    /// <param name="sensitive">Clear every buffer before giving it back (the line holds credentials).</param>
    public Utf8LineBuilder(Span<byte> initial, bool sensitive = false)
    {
        _buffer = initial;
        _rented = null;
        _length = 0;
        _sensitive = sensitive;
    }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends one byte.</summary>
    public void Append(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    /// <summary>Appends bytes as they are (literal syntax or JSON text that is already compact).</summary>
    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    /// <summary>Appends an integer in JSON (invariant) form.</summary>
    public void AppendInt64(long value)
    {
        const int MaxInt64Chars = 20;
        if (_buffer.Length - _length < MaxInt64Chars)
        {
            Grow(MaxInt64Chars);
        }

        value.TryFormat(_buffer[_length..], out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Appends <c>true</c> or <c>false</c>.</summary>
    public void AppendBoolean(bool value) => Append(value ? "true"u8 : "false"u8);

    /// <summary>Appends JSON text held in a string (already valid, compact JSON) as UTF-8.</summary>
    public void AppendRawJson(string json)
    {
        // Exact count rather than the 3x worst case: argument JSON can be megabytes.
        int count = Encoding.UTF8.GetByteCount(json);
        if (count > _buffer.Length - _length)
        {
            Grow(count);
        }

        _length += Encoding.UTF8.GetBytes(json, _buffer[_length..]);
    }

    /// <summary>
    /// Appends <paramref name="text"/> as a quoted JSON string. Non-ASCII stays raw UTF-8; only the
    /// quote, backslash, control characters and lone surrogates are escaped, so any .NET string can be
    /// written without throwing and a lone surrogate survives as its <c>\uXXXX</c> escape.
    /// </summary>
    public void AppendJsonString(scoped ReadOnlySpan<char> text)
    {
        Append((byte)'"');
        while (true)
        {
            int special = text.IndexOfAny(s_needsEscaping);
            AppendUtf8(special < 0 ? text : text[..special]);
            if (special < 0)
            {
                break;
            }

            char c = text[special];
            if (char.IsHighSurrogate(c) && special + 1 < text.Length && char.IsLowSurrogate(text[special + 1]))
            {
                AppendUtf8(text.Slice(special, 2));
                text = text[(special + 2)..];
                continue;
            }

            switch (c)
            {
                case '"': Append("\\\""u8); break;
                case '\\': Append("\\\\"u8); break;
                case '\n': Append("\\n"u8); break;
                case '\r': Append("\\r"u8); break;
                case '\t': Append("\\t"u8); break;
                case '\b': Append("\\b"u8); break;
                case '\f': Append("\\f"u8); break;
                default: AppendUnicodeEscape(c); break;
            }

            text = text[(special + 1)..];
        }

        Append((byte)'"');
    }

    /// <summary>Copies the bytes written into a new array of exactly their length.</summary>
    public readonly byte[] ToArray() => Written.ToArray();

    /// <summary>Gives rented memory back to the pool (cleared first for sensitive lines).</summary>
    public void Dispose()
    {
        if (_sensitive)
        {
            _buffer[.._length].Clear();
        }

        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented, _sensitive);
            _rented = null;
        }

        _buffer = default;
        _length = 0;
    }

    private void AppendUtf8(scoped ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        // The runs handed in here never hold lone surrogates, so the worst case is 3 bytes per char.
        int max = text.Length * 3;
        if (max > _buffer.Length - _length)
        {
            Grow(Encoding.UTF8.GetByteCount(text));
        }

        _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);
    }

    private void AppendUnicodeEscape(char c)
    {
        const string Hex = "0123456789abcdef";
        if (_buffer.Length - _length < 6)
        {
            Grow(6);
        }

        Span<byte> target = _buffer.Slice(_length, 6);
        target[0] = (byte)'\\';
        target[1] = (byte)'u';
        target[2] = (byte)Hex[(c >> 12) & 0xF];
        target[3] = (byte)Hex[(c >> 8) & 0xF];
        target[4] = (byte)Hex[(c >> 4) & 0xF];
        target[5] = (byte)Hex[c & 0xF];
        _length += 6;
    }

    private void Grow(int needed)
    {
        int size = Math.Max(_buffer.Length * 2, _length + needed);
        byte[] next = ArrayPool<byte>.Shared.Rent(size);
        _buffer[.._length].CopyTo(next);
        if (_sensitive)
        {
            _buffer[.._length].Clear();
        }

        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented, _sensitive);
        }

        _rented = next;
        _buffer = next;
    }

    private static char[] BuildNeedsEscaping()
    {
        var chars = new List<char>(32 + 2 + 0x800);
        for (char c = '\0'; c < ' '; c++)
        {
            chars.Add(c);
        }

        chars.Add('"');
        chars.Add('\\');
        for (int c = 0xD800; c <= 0xDFFF; c++)
        {
            chars.Add((char)c);
        }

        return chars.ToArray();
    }
}
