using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Erlang.Terms;

/// <summary>
/// The Erlang External Term Format, version 131 (what <c>term_to_binary/1</c> and
/// <c>binary_to_term/1</c> use), as CloudI's external-service protocol carries it.
/// </summary>
public static class ErlangExternalFormat
{
    /// <summary>The version byte that starts every encoded term.</summary>
    public const byte Version = 131;

    /// <summary>Encodes a term, version byte included, choosing the smallest forms as OTP 26+ does.</summary>
    /// <remarks>
    /// Maps are written in insertion order (Erlang sorts the keys of small maps, so the bytes may
    /// differ while meaning the same map); pids as NEW_PID_EXT, ports as NEW_PORT_EXT or
    /// V4_PORT_EXT, references as NEWER_REFERENCE_EXT. Recurses over nested terms.
    /// </remarks>
    public static byte[] Encode(ErlangTerm term)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(term, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes a term, version byte included, into <paramref name="output"/>.</summary>
    public static void Encode(ErlangTerm term, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(output);
        var encoder = new EtfEncoder(output);
        encoder.WriteU8(Version);
        encoder.WriteTerm(term);
    }

    /// <summary>
    /// Encodes a pid the way every CloudI library version accepts it (protocol §3.2): PID_EXT
    /// with an ATOM_EXT node name and an 8-bit creation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The id exceeds 0x7FFF, the serial 0x1FFF or the creation 3 (Java keeps only those bits),
    /// or the node name is not Latin-1.
    /// </exception>
    public static byte[] EncodeCompatiblePid(ErlangPid pid)
    {
        ArgumentNullException.ThrowIfNull(pid);
        if (pid.Id > 0x7FFF || pid.Serial > 0x1FFF || pid.Creation > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(pid), "id must be <= 0x7FFF, serial <= 0x1FFF and creation <= 3");
        }
        foreach (char c in pid.Node.Name)
        {
            if (c > 0xFF)
            {
                throw new ArgumentOutOfRangeException(nameof(pid), "the node name must be Latin-1 for ATOM_EXT");
            }
        }
        var node = Encoding.Latin1.GetBytes(pid.Node.Name);
        var bytes = new byte[1 + 1 + 3 + node.Length + 9];
        int p = 0;
        bytes[p++] = Version;
        bytes[p++] = (byte)EtfTag.Pid;
        bytes[p++] = (byte)EtfTag.Atom;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(p), (ushort)node.Length);
        p += 2;
        node.CopyTo(bytes, p);
        p += node.Length;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(p), pid.Id);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(p + 4), pid.Serial);
        bytes[p + 8] = (byte)pid.Creation;
        return bytes;
    }

    /// <summary>
    /// Decodes one complete term: version byte, then one term (optionally compressed, tag 80),
    /// and nothing after it.
    /// </summary>
    /// <exception cref="ErlangExternalFormatException">
    /// The input is malformed, truncated, has trailing bytes, uses an unsupported tag or
    /// exceeds a limit of <paramref name="options"/>. No other exception escapes.
    /// </exception>
    public static ErlangTerm Decode(ReadOnlySpan<byte> data, ErlangExternalFormatOptions? options = null)
    {
        options ??= ErlangExternalFormatOptions.Default;
        if (data.IsEmpty)
        {
            throw new ErlangExternalFormatException("empty input", 0);
        }
        if (data[0] != Version)
        {
            throw new ErlangExternalFormatException($"version byte is {data[0]}, expected {Version}", 0);
        }
        if (data.Length > 1 && data[1] == (byte)EtfTag.Compressed)
        {
            return DecodeWhole(Decompress(data, options), options);
        }
        return DecodeWhole(data[1..], options, baseOffset: 1);
    }

    private static ErlangTerm DecodeWhole(ReadOnlySpan<byte> body, ErlangExternalFormatOptions options, int baseOffset = 0)
    {
        var decoder = new EtfDecoder(body, options);
        ErlangTerm term;
        try
        {
            term = decoder.ReadTerm(0);
        }
        catch (ErlangExternalFormatException e) when (baseOffset != 0)
        {
            throw new ErlangExternalFormatException(StripOffset(e.Message), e.Offset + baseOffset);
        }
        if (decoder.Remaining != 0)
        {
            throw new ErlangExternalFormatException($"{decoder.Remaining} trailing bytes after the term", decoder.Position + baseOffset);
        }
        return term;
    }

    private static string StripOffset(string message)
    {
        int i = message.LastIndexOf(" (at byte ", StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }

    private static byte[] Decompress(ReadOnlySpan<byte> data, ErlangExternalFormatOptions options)
    {
        // 131, 80, u32 uncompressed size, zlib stream.
        if (data.Length < 6)
        {
            throw new ErlangExternalFormatException("truncated compressed term header", data.Length);
        }
        uint size = BinaryPrimitives.ReadUInt32BigEndian(data[2..]);
        if (size > (uint)options.MaxDecompressedSize)
        {
            throw new ErlangExternalFormatException($"compressed term declares {size} bytes, over the limit of {options.MaxDecompressedSize}", 2);
        }
        // Grow with what actually inflates rather than allocating the declared size up front:
        // a ten-byte input must not cost MaxDecompressedSize of memory.
        var output = new MemoryStream(capacity: (int)Math.Min(size, 64 * 1024));
        try
        {
            using var input = new MemoryStream(data[6..].ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var chunk = new byte[16 * 1024];
            while (output.Length < size)
            {
                int n = zlib.Read(chunk, 0, (int)Math.Min(chunk.Length, size - output.Length));
                if (n == 0)
                {
                    throw new ErlangExternalFormatException($"compressed term inflates to {output.Length} bytes, {size} declared", 6);
                }
                output.Write(chunk, 0, n);
            }
            if (zlib.Read(chunk, 0, 1) != 0)
            {
                throw new ErlangExternalFormatException($"compressed term inflates to more than the {size} bytes declared", 6);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ErlangExternalFormatException($"corrupt zlib data: {e.Message}", 6);
        }
        return output.ToArray();
    }
}
