using System.Diagnostics;
using System.Text;

namespace Erlang.Terms.Tests;

/// <summary>
/// Random and mutated inputs for both decoders: only the library's own exception may escape.
/// Fixed seeds; each test is bounded well under two seconds.
/// </summary>
public class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(1500);

    private static readonly string[] Fragments =
    {
        "{", "}", "[", "]", "|", ",", ".", ". ", " ", "\n", "<<", ">>", "#{", "=>", "#", "-", "+", "/", ":",
        "a", "ok", "'q", "'", "\"", "\"s\"", "\\", "\\x{", "\\x", "}", "$", "$\\", "1", "16#", "2#1", "1.5",
        "e-3", "1_0", "X", "_", "%c\n", "utf8", "\u00e9", "😀", "\uD800", "\0", "999999999999999999999999",
    };

    [Fact]
    public void TextReader_RandomTokenSoup_OnlyThrowsSyntaxException()
    {
        var random = new Random(20240601);
        var clock = Stopwatch.StartNew();
        int cases = 0;
        for (; cases < 20000 && clock.Elapsed < Budget; cases++)
        {
            var sb = new StringBuilder();
            int n = random.Next(1, 30);
            for (int i = 0; i < n; i++)
            {
                sb.Append(Fragments[random.Next(Fragments.Length)]);
            }
            ReadText(sb.ToString());
        }
        Assert.True(cases >= 1000, $"only {cases} cases ran");
    }

    [Fact]
    public void TextReader_MutatedConfiguration_OnlyThrowsSyntaxException()
    {
        string seed = "{acl, [{api, [\"/cloudi/api/\"]}]}.\n{services, [{external, \"/t/\", \"/bin/x\", \"\", [{\"K\", \"v\"}], none, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, [{limit, [{stack, 16#800000}]}, {x, <<1, \"b\"/utf8>>}, {m, #{k => [a|b]}}, {f, -2.0e-3}, {c, $\\n}]}]}.\n% end\n";
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        int cases = 0;
        for (; cases < 5000 && clock.Elapsed < Budget; cases++)
        {
            var chars = new StringBuilder(seed);
            int edits = random.Next(1, 5);
            for (int e = 0; e < edits && chars.Length > 0; e++)
            {
                int at = random.Next(chars.Length);
                switch (random.Next(4))
                {
                    case 0: chars.Remove(at, 1); break;
                    case 1: chars.Insert(at, Fragments[random.Next(Fragments.Length)]); break;
                    case 2: chars[at] = (char)random.Next(0, 0x180); break;
                    default: chars.Length = at; break;
                }
            }
            ReadText(chars.ToString());
        }
        Assert.True(cases >= 1000, $"only {cases} cases ran");
    }

    [Fact]
    public void ExternalFormat_MutatedEncodings_OnlyThrowFormatException()
    {
        var generator = new TermGenerator(seed: 5, includeOpaque: true);
        var random = new Random(11);
        var clock = Stopwatch.StartNew();
        int cases = 0;
        for (; cases < 20000 && clock.Elapsed < Budget; cases++)
        {
            var bytes = ErlangExternalFormat.Encode(generator.Next(3));
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits && bytes.Length > 1; e++)
            {
                int at = random.Next(1, bytes.Length);
                switch (random.Next(4))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                    case 2: bytes = bytes[..at]; break;
                    default:
                        // Large length fields are the dangerous kind.
                        bytes[at] = 0xFF;
                        break;
                }
            }
            Decode(bytes);
        }
        Assert.True(cases >= 1000, $"only {cases} cases ran");
    }

    [Fact]
    public void ExternalFormat_RandomBytes_OnlyThrowFormatException()
    {
        var random = new Random(3);
        byte[] tags = { 70, 77, 80, 82, 88, 89, 90, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 113, 114, 115, 116, 117, 118, 119, 120, 121 };
        var clock = Stopwatch.StartNew();
        int cases = 0;
        for (; cases < 20000 && clock.Elapsed < Budget; cases++)
        {
            var bytes = new byte[random.Next(1, 40)];
            random.NextBytes(bytes);
            bytes[0] = random.Next(10) == 0 ? bytes[0] : (byte)131;
            // Bias towards valid tags so the decoder gets past the first byte.
            for (int i = 1; i < bytes.Length; i++)
            {
                if (random.Next(3) == 0)
                {
                    bytes[i] = tags[random.Next(tags.Length)];
                }
            }
            Decode(bytes);
        }
        Assert.True(cases >= 1000, $"only {cases} cases ran");
    }

    [Fact]
    public void ExternalFormat_HostileInputs_AreRejectedCleanly()
    {
        // Deep nesting: [[[[...]]]] as LIST_EXT of one element each.
        var deep = new List<byte> { 131 };
        for (int i = 0; i < 100_000; i++)
        {
            deep.AddRange(new byte[] { 108, 0, 0, 0, 1 });
        }
        deep.Add(106);
        var e = Assert.Throws<ErlangExternalFormatException>(() => ErlangExternalFormat.Decode(deep.ToArray()));
        Assert.Contains("nested deeper than 1000", e.Message);

        // Huge declared lengths with nothing behind them.
        Assert.Contains("exceeds", Decode(new byte[] { 131, 108, 255, 255, 255, 255 })!.Message);
        Assert.Contains("exceeds", Decode(new byte[] { 131, 105, 255, 255, 255, 255 })!.Message);
        Assert.Contains("exceeds", Decode(new byte[] { 131, 116, 255, 255, 255, 255 })!.Message);
        Assert.Contains("exceeds", Decode(new byte[] { 131, 109, 255, 255, 255, 255 })!.Message);
        Assert.Contains("exceeds the limit", Decode(new byte[] { 131, 111, 255, 255, 255, 255, 0 })!.Message);
        Assert.Equal("version byte is 130, expected 131 (at byte 0)", Decode(new byte[] { 130, 97, 1 })!.Message);
        Assert.Equal("empty input (at byte 0)", Decode(Array.Empty<byte>())!.Message);
        Assert.Equal("2 trailing bytes after the term (at byte 3)", Decode(new byte[] { 131, 97, 1, 97, 2 })!.Message);
        Assert.Equal("truncated input: 4 more bytes needed, 2 left (at byte 2)", Decode(new byte[] { 131, 98, 0, 0 })!.Message);
        Assert.Equal("unknown term tag 1 (at byte 1)", Decode(new byte[] { 131, 1 })!.Message);
        Assert.Equal("unsupported term tag 77 (BitBinary) (at byte 1)", Decode(new byte[] { 131, 77, 0, 0, 0, 1, 8, 1 })!.Message);
        Assert.Equal("atom is not valid UTF-8 (at byte 1)", Decode(new byte[] { 131, 119, 1, 0xFF })!.Message);
        Assert.Contains("Erlang's limit of 255", Decode(new byte[] { 131, 100, 1, 0 }.Concat(new byte[256].Select(_ => (byte)'a')).ToArray())!.Message);
        Assert.Equal("float is NaN or infinite, which Erlang does not allow (at byte 1)", Decode(new byte[] { 131, 70, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0 })!.Message);
        Assert.Equal("map has a duplicate key (at byte 11)", Decode(new byte[] { 131, 116, 0, 0, 0, 2, 119, 1, 97, 97, 1, 119, 1, 97, 97, 2 })!.Message);
        Assert.Equal("expected an atom for the node name, found tag 97 (at byte 2)", Decode(new byte[] { 131, 88, 97, 1 })!.Message);
        Assert.Equal("reference has 6 ids; 1 to 5 are allowed (at byte 2)", Decode(new byte[] { 131, 90, 0, 6 })!.Message);
        Assert.Equal("big integer sign byte 2 is neither 0 nor 1 (at byte 3)", Decode(new byte[] { 131, 110, 1, 2, 5 })!.Message);
        Assert.Equal("a compressed term (tag 80) is only allowed right after the version byte (at byte 3)",
            Decode(new byte[] { 131, 104, 1, 80, 0, 0, 0, 1 })!.Message);
    }

    private static ErlangExternalFormatException? Decode(byte[] bytes)
    {
        try
        {
            ErlangExternalFormat.Decode(bytes);
            return null;
        }
        catch (ErlangExternalFormatException e)
        {
            return e;
        }
    }

    private static void ReadText(string text)
    {
        try
        {
            ErlangTermReader.ReadAll(text, "fuzz");
        }
        catch (ErlangTermSyntaxException)
        {
        }
    }
}
