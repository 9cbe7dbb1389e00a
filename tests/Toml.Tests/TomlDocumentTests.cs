using System.Text;

namespace Toml.Tests;

public sealed class TomlDocumentTests
{
    [Fact]
    public void Parse_KeepsKeysInDefinitionOrder()
    {
        var root = TomlDocument.Parse("zeta = 1\nalpha = 2\nmid = 3\n");

        Assert.Equal(["zeta", "alpha", "mid"], root.Keys);
        Assert.Equal(["zeta", "alpha", "mid"], root.Select(pair => pair.Key));
    }

    [Fact]
    public void Parse_RecordsKeyAndValuePositions()
    {
        var root = TomlDocument.Parse("# comment\nlisten = [\n  \"*:1\",\n]\n\n[erlang]\n  node_name = \"x\"\n");

        Assert.Equal(2, root.GetKeyLine("listen"));
        Assert.Equal(1, root.GetKeyColumn("listen"));
        Assert.Equal(3, root["listen"].AsArray()[0].Line);
        Assert.Equal(3, root["listen"].AsArray()[0].Column);
        Assert.Equal(6, root.GetKeyLine("erlang"));
        Assert.Equal(2, root.GetKeyColumn("erlang"));
        var erlang = root["erlang"].AsTable();
        Assert.Equal(6, erlang.Line);
        Assert.Equal(7, erlang.GetKeyLine("node_name"));
        Assert.Equal(3, erlang.GetKeyColumn("node_name"));
        Assert.Equal(7, erlang["node_name"].Line);
        Assert.Equal(15, erlang["node_name"].Column);
    }

    [Fact]
    public void Parse_ImplicitTableTakesThePositionOfItsLaterHeader()
    {
        var root = TomlDocument.Parse("[a.b]\nx = 1\n\n[a]\ny = 2\n");

        Assert.Equal(4, root.GetKeyLine("a"));
        Assert.Equal(4, root["a"].Line);
        Assert.Equal(1, root["a"].AsTable().GetKeyLine("b"));
    }

    [Fact]
    public void Parse_DottedKeysAndArraysOfTables_RecordTheirLines()
    {
        var root = TomlDocument.Parse("a.b.c = 1\n[[t]]\nx = 1\n[[t]]\nx = 2\n");

        Assert.Equal(1, root["a"].AsTable().GetKeyLine("b"));
        Assert.Equal(3, root["a"].AsTable().GetKeyColumn("b"));
        var tables = root["t"].AsArray();
        Assert.Equal(2, tables.Count);
        Assert.Equal(2, tables[0].Line);
        Assert.Equal(4, tables[1].Line);
        Assert.Equal(5, tables[1].AsTable().GetKeyLine("x"));
    }

    [Fact]
    public void GetKeyLine_Throws_WhenKeyIsMissing()
    {
        var root = TomlDocument.Parse("a = 1");

        Assert.Throws<KeyNotFoundException>(() => root.GetKeyLine("b"));
        Assert.False(root.TryGetValue("b", out _));
        Assert.True(root.TryGetValue("a", out var a));
        Assert.Equal(1, a.AsInteger());
    }

    [Fact]
    public void Parse_DecodesEveryValueKind()
    {
        var root = TomlDocument.Parse("""
            s = "x\u00e9\U0001F600"
            i = 0x1F
            f = 6.5e-1
            b = true
            odt = 1979-05-27T00:32:00.999999-07:00
            ldt = 1979-05-27 07:32:00
            ld = 1979-05-27
            lt = 00:32:00.5
            arr = [1, "two", [3.0]]
            tab = { x = 1 }
            """);

        Assert.Equal("x\u00e9\U0001F600", root["s"].AsString());
        Assert.Equal(31, root["i"].AsInteger());
        Assert.Equal(0.65, root["f"].AsFloat());
        Assert.True(root["b"].AsBoolean());
        Assert.Equal(
            new DateTimeOffset(1979, 5, 27, 0, 32, 0, TimeSpan.FromHours(-7)).AddTicks(9_999_990),
            root["odt"].AsOffsetDateTime());
        Assert.Equal(new DateTime(1979, 5, 27, 7, 32, 0), root["ldt"].AsLocalDateTime());
        Assert.Equal(new DateOnly(1979, 5, 27), root["ld"].AsLocalDate());
        Assert.Equal(new TimeOnly(0, 32, 0, 500), root["lt"].AsLocalTime());
        var array = root["arr"].AsArray();
        Assert.Equal(TomlValueKind.Integer, array[0].Kind);
        Assert.Equal(TomlValueKind.String, array[1].Kind);
        Assert.Equal(3.0, array[2].AsArray()[0].AsFloat());
        Assert.Equal(1, root["tab"].AsTable()["x"].AsInteger());
    }

    [Fact]
    public void AsAccessor_Throws_OnKindMismatch()
    {
        var root = TomlDocument.Parse("n = 5");

        Assert.Throws<InvalidOperationException>(() => root["n"].AsString());
        Assert.Throws<InvalidOperationException>(() => root["n"].AsTable());
    }

    [Fact]
    public void Parse_TruncatesFractionalSecondsBeyond100Nanoseconds()
    {
        var root = TomlDocument.Parse("t = 1979-05-27T00:32:00.123456789Z\nl = 10:00:00.99999999");

        Assert.Equal(1_234_567, root["t"].AsOffsetDateTime().Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(9_999_999, root["l"].AsLocalTime().Ticks % TimeSpan.TicksPerSecond);
    }

    [Theory]
    [InlineData("a = 9223372036854775807", long.MaxValue)]
    [InlineData("a = -9223372036854775808", long.MinValue)]
    [InlineData("a = 0x7FFF_FFFF_FFFF_FFFF", long.MaxValue)]
    [InlineData("a = 0o777", 511)]
    [InlineData("a = 0b1010", 10)]
    [InlineData("a = +1_000", 1000)]
    [InlineData("a = -0", 0)]
    public void Parse_AcceptsIntegersAtTheLimits(string text, long expected)
    {
        Assert.Equal(expected, TomlDocument.Parse(text)["a"].AsInteger());
    }

    [Theory]
    [InlineData("a = 9223372036854775808")]
    [InlineData("a = -9223372036854775809")]
    [InlineData("a = 99999999999999999999999")]
    [InlineData("a = 0x8000000000000000")]
    [InlineData("a = 0b11111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("a = 1e400")]
    [InlineData("a = -1e400")]
    public void Parse_RejectsNumbersOutOfRange(string text)
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(text));

        Assert.Contains("out of the 64-bit range", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a = 2000-01-01T00:00:00+23:00", "offsets beyond")]
    [InlineData("a = 0001-01-01T00:00:00+01:00", "outside the supported range")]
    [InlineData("a = 9999-12-31T23:59:59-01:00", "outside the supported range")]
    [InlineData("a = 2000-01-01T23:59:60Z", "leap seconds")]
    [InlineData("a = 0000-01-01", "year 0000")]
    public void Parse_RejectsDateTimesNoDotNetTypeCanHold(string text, string reason)
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(text));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NormalisesCrlfInMultilineStringsToLf()
    {
        var root = TomlDocument.Parse("a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = '''x\r\ny'''\r\n");

        Assert.Equal("one\ntwo", root["a"].AsString());
        Assert.Equal("x\ny", root["b"].AsString());
    }

    [Fact]
    public void Parse_Bytes_RejectsInvalidUtf8_AtItsPosition()
    {
        byte[] bytes = [.. "a = 1\nb = \""u8, 0xC3, 0x28, .. "\"\n"u8];

        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(bytes, "x.toml"));

        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Equal("x.toml:2:6: invalid UTF-8 byte 0xC3", error.Message);
    }

    [Fact]
    public void Parse_Bytes_SkipsALeadingByteOrderMark()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "a = ?"u8];

        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(bytes));

        Assert.Equal(1, error.Line);
        Assert.Equal(5, error.Column);
        Assert.Equal(1, TomlDocument.Parse([0xEF, 0xBB, 0xBF, .. "a = 1"u8])["a"].AsInteger());
    }

    [Fact]
    public void Parse_String_RejectsUnpairedSurrogates()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("a = \"\uD800\""));

        Assert.Contains("surrogate", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_ReadsTheFile_AndNamesItInErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"toml-{Guid.NewGuid():N}.toml");
        try
        {
            File.WriteAllText(path, "ok = true\n", new UTF8Encoding(false));
            Assert.True(TomlDocument.ParseFile(path)["ok"].AsBoolean());

            File.WriteAllText(path, "ok = true\nok = false\n", new UTF8Encoding(false));
            var error = Assert.Throws<TomlException>(() => TomlDocument.ParseFile(path));
            Assert.Equal(path, error.FileName);
            Assert.Equal($"{path}:2:1: duplicate key \"ok\"", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ParseFile_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), $"toml-missing-{Guid.NewGuid():N}.toml");

        Assert.Throws<FileNotFoundException>(() => TomlDocument.ParseFile(path));
    }
}
