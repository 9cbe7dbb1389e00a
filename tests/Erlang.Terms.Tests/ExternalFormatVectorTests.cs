using System.Collections.Immutable;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace Erlang.Terms.Tests;

public class ExternalFormatVectorTests
{
    private static ErlangAtom A(string s) => new(s);

    private static ErlangInteger I(long v) => new(v);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("\n", ""));

    private static byte[] Bytes(params object[] parts)
    {
        var list = new List<byte>();
        foreach (var p in parts)
        {
            switch (p)
            {
                case int i: list.Add((byte)i); break;
                case string s: list.AddRange(Encoding.UTF8.GetBytes(s)); break;
                case byte[] b: list.AddRange(b); break;
            }
        }
        return list.ToArray();
    }

    private static void AssertEncodes(ErlangTerm term, byte[] expected)
    {
        Assert.Equal(expected, ErlangExternalFormat.Encode(term));
        Assert.Equal(term, ErlangExternalFormat.Decode(expected));
    }

    // Vectors of Erlang's term_to_binary/1 on OTP 26 and later.
    public static TheoryData<string, byte[]> TermToBinary => new()
    {
        { "1", Bytes(131, 97, 1) },
        { "0", Bytes(131, 97, 0) },
        { "255", Bytes(131, 97, 255) },
        { "256", Bytes(131, 98, 0, 0, 1, 0) },
        { "-1", Bytes(131, 98, 255, 255, 255, 255) },
        { "2147483647", Bytes(131, 98, 127, 255, 255, 255) },
        { "-2147483648", Bytes(131, 98, 128, 0, 0, 0) },
        { "2147483648", Bytes(131, 110, 4, 0, 0, 0, 0, 128) },
        { "-2147483649", Bytes(131, 110, 4, 1, 1, 0, 0, 128) },
        { "1099511627776", Bytes(131, 110, 6, 0, 0, 0, 0, 0, 0, 1) },
        { "4294967295", Bytes(131, 110, 4, 0, 255, 255, 255, 255) },
        { "18446744073709551616", Bytes(131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
        { "1.5", Bytes(131, 70, 63, 248, 0, 0, 0, 0, 0, 0) },
        { "-0.5", Bytes(131, 70, 191, 224, 0, 0, 0, 0, 0, 0) },
        { "atom", Bytes(131, 119, 4, "atom") },
        { "'ü'", Bytes(131, 119, 2, 0xC3, 0xBC) },
        { "[]", Bytes(131, 106) },
        { "\"ab\"", Bytes(131, 107, 0, 2, 97, 98) },
        { "[1,2,3]", Bytes(131, 107, 0, 3, 1, 2, 3) },
        { "[256]", Bytes(131, 108, 0, 0, 0, 1, 98, 0, 0, 1, 0, 106) },
        { "[a]", Bytes(131, 108, 0, 0, 0, 1, 119, 1, 97, 106) },
        { "[1,2|3]", Bytes(131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 97, 3) },
        { "[-1]", Bytes(131, 108, 0, 0, 0, 1, 98, 255, 255, 255, 255, 106) },
        { "\"€\"", Bytes(131, 108, 0, 0, 0, 1, 98, 0, 0, 0x20, 0xAC, 106) },
        { "{}", Bytes(131, 104, 0) },
        { "{a,1}", Bytes(131, 104, 2, 119, 1, 97, 97, 1) },
        { "<<>>", Bytes(131, 109, 0, 0, 0, 0) },
        { "<<1,2,3>>", Bytes(131, 109, 0, 0, 0, 3, 1, 2, 3) },
        { "#{}", Bytes(131, 116, 0, 0, 0, 0) },
        { "#{a => 1}", Bytes(131, 116, 0, 0, 0, 1, 119, 1, 97, 97, 1) },
    };

    [Theory]
    [MemberData(nameof(TermToBinary))]
    public void Encode_MatchesTermToBinary(string text, byte[] expected) =>
        AssertEncodes(ErlangTermReader.Parse(text), expected);

    [Fact]
    public void LargeTuple_LargeBig_AtomUtf8_Forms()
    {
        var tuple = new ErlangTuple(Enumerable.Repeat<ErlangTerm>(ErlangList.Nil, 256).ToArray());
        AssertEncodes(tuple, Bytes(131, 105, 0, 0, 1, 0, Enumerable.Repeat((byte)106, 256).ToArray()));

        var big = new ErlangInteger(BigInteger.One << 2040); // 256 magnitude bytes
        AssertEncodes(big, Bytes(131, 111, 0, 0, 1, 0, 0, new byte[255], 1));
        AssertEncodes(new ErlangInteger(-(BigInteger.One << 2032)), Bytes(131, 110, 255, 1, new byte[254], 1));

        string longName = string.Concat(Enumerable.Repeat("é", 200)); // 400 UTF-8 bytes
        AssertEncodes(A(longName), Bytes(131, 118, 1, 144, longName));

        var longString = ErlangList.FromString(new string('x', 65536));
        var encoded = ErlangExternalFormat.Encode(longString);
        Assert.Equal(Bytes(131, 108, 0, 1, 0, 0), encoded[..6]);
        Assert.Equal(longString, ErlangExternalFormat.Decode(encoded));
    }

    [Fact]
    public void Opaque_Forms()
    {
        var node = A("nonode@nohost");
        // c:pid(0,80,0) on OTP 26: NEW_PID_EXT with a SMALL_ATOM_UTF8_EXT node.
        AssertEncodes(new ErlangPid(node, 80, 0, 0), Bytes(131, 88, 119, 13, "nonode@nohost", 0, 0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0));
        AssertEncodes(new ErlangPort(node, 5, 0), Bytes(131, 89, 119, 13, "nonode@nohost", 0, 0, 0, 5, 0, 0, 0, 0));
        AssertEncodes(new ErlangPort(node, 1UL << 32, 7), Bytes(131, 120, 119, 13, "nonode@nohost", 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7));
        AssertEncodes(new ErlangReference(node, 0, ImmutableArray.Create(1u, 2u, 3u)),
            Bytes(131, 90, 0, 3, 119, 13, "nonode@nohost", 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3));

        // Older forms decode to the same values.
        Assert.Equal(new ErlangPid(node, 80, 0, 2), ErlangExternalFormat.Decode(Bytes(131, 103, 100, 0, 13, "nonode@nohost", 0, 0, 0, 80, 0, 0, 0, 0, 2)));
        Assert.Equal(new ErlangPort(node, 5, 1), ErlangExternalFormat.Decode(Bytes(131, 102, 115, 13, "nonode@nohost", 0, 0, 0, 5, 1)));
        Assert.Equal(new ErlangReference(node, 1, ImmutableArray.Create(9u)), ErlangExternalFormat.Decode(Bytes(131, 101, 100, 0, 13, "nonode@nohost", 0, 0, 0, 9, 1)));
        Assert.Equal(new ErlangReference(node, 2, ImmutableArray.Create(1u, 2u)),
            ErlangExternalFormat.Decode(Bytes(131, 114, 0, 2, 100, 0, 13, "nonode@nohost", 2, 0, 0, 0, 1, 0, 0, 0, 2)));
    }

    [Fact]
    public void Decode_OtherAtomAndFloatForms()
    {
        Assert.Equal(A("atom"), ErlangExternalFormat.Decode(Bytes(131, 100, 0, 4, "atom")));
        Assert.Equal(A("atom"), ErlangExternalFormat.Decode(Bytes(131, 115, 4, "atom")));
        Assert.Equal(A("atom"), ErlangExternalFormat.Decode(Bytes(131, 118, 0, 4, "atom")));
        Assert.Equal(A("ü"), ErlangExternalFormat.Decode(Bytes(131, 100, 0, 1, 0xFC))); // Latin-1
        var oldFloat = Encoding.ASCII.GetBytes("1.50000000000000000000e+00").Concat(new byte[5]).ToArray();
        Assert.Equal(31, oldFloat.Length);
        Assert.Equal(new ErlangFloat(1.5), ErlangExternalFormat.Decode(Bytes(131, 99, oldFloat)));
        // A non-normalised big integer is still the integer.
        Assert.Equal(I(5), ErlangExternalFormat.Decode(Bytes(131, 110, 2, 0, 5, 0)));
        Assert.Equal(I(-5), ErlangExternalFormat.Decode(Bytes(131, 111, 0, 0, 0, 1, 1, 5)));
        // LIST_EXT with a list tail is normalised; with no elements it is just the tail.
        Assert.Equal(ErlangTermReader.Parse("[1,2,3]"), ErlangExternalFormat.Decode(Bytes(131, 108, 0, 0, 0, 1, 97, 1, 107, 0, 2, 2, 3)));
        Assert.Equal(A("t"), ErlangExternalFormat.Decode(Bytes(131, 108, 0, 0, 0, 0, 119, 1, "t")));
    }

    [Fact]
    public void Decode_Compressed()
    {
        var term = ErlangTermReader.Parse("{data, \"" + new string('a', 500) + "\", [1,2,3]}");
        var plain = ErlangExternalFormat.Encode(term);
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(plain, 1, plain.Length - 1);
        }
        var header = Bytes(131, 80, 0, 0, (plain.Length - 1) >> 8, (plain.Length - 1) & 0xFF);
        var bytes = header.Concat(compressed.ToArray()).ToArray();
        Assert.True(bytes.Length < plain.Length);
        Assert.Equal(term, ErlangExternalFormat.Decode(bytes));

        // Declared size that does not match what inflates.
        var wrongSize = (byte[])bytes.Clone();
        wrongSize[5]++;
        Assert.Throws<ErlangExternalFormatException>(() => ErlangExternalFormat.Decode(wrongSize));
        wrongSize[5] -= 2;
        Assert.Throws<ErlangExternalFormatException>(() => ErlangExternalFormat.Decode(wrongSize));
        var corrupt = (byte[])bytes.Clone();
        corrupt[^3] ^= 0xFF;
        Assert.Throws<ErlangExternalFormatException>(() => ErlangExternalFormat.Decode(corrupt));
        var tooBig = Bytes(131, 80, 0x7F, 0xFF, 0xFF, 0xFF, 0x78, 0x9C);
        var e = Assert.Throws<ErlangExternalFormatException>(() => ErlangExternalFormat.Decode(tooBig));
        Assert.Contains("over the limit", e.Message);
    }

    // Section 8 of docs/specs/cloudi-external-protocol.md.
    private static readonly byte[] V3 = Hex("83 67 64 00 0b 63 6c 6f 75 64 69 40 68 6f 73 74  00 00 05 a9  00 00 00 00  01");

    [Fact]
    public void SpecV3_SourcePid_CompatibleEncoding()
    {
        var pid = new ErlangPid(A("cloudi@host"), 1449, 0, 1);
        Assert.Equal(V3, ErlangExternalFormat.EncodeCompatiblePid(pid));
        Assert.Equal(pid, ErlangExternalFormat.Decode(V3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangExternalFormat.EncodeCompatiblePid(new ErlangPid(A("n"), 0x8000, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangExternalFormat.EncodeCompatiblePid(new ErlangPid(A("n"), 0, 0x2000, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangExternalFormat.EncodeCompatiblePid(new ErlangPid(A("n"), 0, 0, 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangExternalFormat.EncodeCompatiblePid(new ErlangPid(A("ŉ"), 0, 0, 0)));
    }

    [Fact]
    public void SpecV5_AllThreeAtomForms_DecodeToTheSameTerm()
    {
        var python = Hex("83 68 06 73 09 73 65 6e 64 5f 73 79 6e 63  6b 00 02 2f 61  6d 00 00 00 00 6d 00 00 00 01 78  62 00 00 13 88  61 00");
        var otp25 = Hex("83 68 06 64 00 09 73 65 6e 64 5f 73 79 6e 63  6b 00 02 2f 61  6d 00 00 00 00 6d 00 00 00 01 78  62 00 00 13 88  61 00");
        var otp26 = Hex("83 68 06 77 09 73 65 6e 64 5f 73 79 6e 63  6b 00 02 2f 61  6d 00 00 00 00 6d 00 00 00 01 78  62 00 00 13 88  61 00");
        var expected = ErlangTermReader.Parse("{send_sync, \"/a\", <<>>, <<\"x\">>, 5000, 0}");
        Assert.Equal(37, python.Length);
        Assert.Equal(expected, ErlangExternalFormat.Decode(python));
        Assert.Equal(expected, ErlangExternalFormat.Decode(otp25));
        Assert.Equal(expected, ErlangExternalFormat.Decode(otp26));
        Assert.Equal(otp26, ErlangExternalFormat.Encode(expected));
    }

    [Fact]
    public void SpecV6_ReturnSync_EchoedPidEqualsV3()
    {
        var v6 = Hex("""
            83 68 08  73 0b 72 65 74 75 72 6e 5f 73 79 6e 63
            6b 00 08 2f 74 65 73 74 73 2f 61  6b 00 08 2f 74 65 73 74 73 2f 2a
            6d 00 00 00 00  6d 00 00 00 02 6f 6b  62 00 00 13 88
            6d 00 00 00 10 a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40
            67 73 0b 63 6c 6f 75 64 69 40 68 6f 73 74 00 00 05 a9 00 00 00 00 01
            """);
        var t = Assert.IsType<ErlangTuple>(ErlangExternalFormat.Decode(v6));
        Assert.Equal(8, t.Arity);
        Assert.Equal(A("return_sync"), t[0]);
        Assert.True(((ErlangList)t[1]).TryGetString(out var name));
        Assert.Equal("/tests/a", name);
        Assert.Equal(ErlangList.FromString("/tests/*"), t[2]);
        Assert.Equal(ErlangBinary.Empty, t[3]);
        Assert.Equal(ErlangBinary.FromUtf8("ok"), t[4]);
        Assert.Equal(I(5000), t[5]);
        Assert.Equal(new ErlangBinary(Hex("a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40")), t[6]);
        Assert.Equal(ErlangExternalFormat.Decode(V3), t[7]);
    }

    [Fact]
    public void SpecV9_MessagesFromTheLibraries()
    {
        Assert.Equal(A("init"), ErlangExternalFormat.Decode(Hex("83 73 04 69 6e 69 74")));
        Assert.Equal(A("polling"), ErlangExternalFormat.Decode(Hex("83 73 07 70 6f 6c 6c 69 6e 67")));
        Assert.Equal(ErlangTermReader.Parse("{subscribe, \"*\"}"), ErlangExternalFormat.Decode(Hex("83 68 02 73 09 73 75 62 73 63 72 69 62 65 6b 00 01 2a")));
        var recv = Hex("83 68 04 73 0a 72 65 63 76 5f 61 73 79 6e 63 62 00 00 03 e8 6d 00 00 00 10 00000000000000000000000000000000 77 04 74 72 75 65");
        Assert.Equal(ErlangTermReader.Parse("{recv_async, 1000, <<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>, true}"), ErlangExternalFormat.Decode(recv));
        var sendAsync = Hex("83 68 06 73 0a 73 65 6e 64 5f 61 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00 6d 00 00 00 01 78 6e 04 00 ff ff ff ff 62 ff ff ff ff");
        var expected = ErlangTermReader.Parse("{send_async, \"/a\", <<>>, <<\"x\">>, 4294967295, -1}");
        Assert.Equal(expected, ErlangExternalFormat.Decode(sendAsync));
        var pid = ErlangTermReader.Parse("{pid, 12345}");
        Assert.Equal(pid, ErlangExternalFormat.Decode(Hex("83 68 02 77 03 70 69 64 62 00 00 30 39")));
        Assert.Equal(pid, ErlangExternalFormat.Decode(Hex("83 68 02 64 00 03 70 69 64 62 00 00 30 39")));
    }
}
