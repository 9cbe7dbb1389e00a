using CloudI.Transactions;

namespace CloudI.Tests.Transactions;

public sealed class TransIdTests
{
    [Fact]
    public void The_CloudI_example_parses_into_its_fields()
    {
        TransId id = TransId.Parse("a2dd7362-e616-11f1-a7bf-102d49869c40");
        Assert.Equal(1, id.Version);
        Assert.Equal(2, id.Variant);
        Assert.True(id.IsVersion1);
        Assert.Equal(0x1F1E616A2DD7362UL, id.Timestamp);
        Assert.Equal(0x27BF, id.ClockSequence);
        Assert.Equal(0x102D49869C40UL, id.Node);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 47, 12, 128, TimeSpan.Zero).AddTicks(7010), id.CreationTime);
        Assert.Equal("a2dd7362-e616-11f1-a7bf-102d49869c40", id.ToString());
        Assert.Equal(id, TransId.Create(id.Timestamp, id.ClockSequence, id.Node));
    }

    [Fact]
    public void The_byte_layout_follows_RFC_4122_version_1()
    {
        TransId id = TransId.Create(0x0123_4567_89AB_CDEFUL & ((1UL << 60) - 1), 0x2ABC, 0xAABB_CCDD_EEFFUL);
        byte[] bytes = id.ToByteArray();
        Assert.Equal(
            new byte[] { 0x89, 0xAB, 0xCD, 0xEF, 0x45, 0x67, 0x11, 0x23, 0xAA, 0xBC, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF },
            bytes);
        Assert.Equal(0x1, bytes[6] >> 4);
        Assert.Equal(0b10, bytes[8] >> 6);
        Assert.Equal(id, TransId.FromBytes(bytes));
        Assert.Equal("89abcdef-4567-1123-aabc-aabbccddeeff", id.ToString());
    }

    [Fact]
    public void The_null_id_is_all_zero_and_not_version_1()
    {
        Assert.True(TransId.Null.IsNull);
        Assert.Equal(new byte[16], TransId.Null.ToByteArray());
        Assert.False(TransId.Null.IsVersion1);
        Assert.Equal(TransId.Null, TransId.FromBytes(new byte[16]));
        Assert.False(TransId.Parse("a2dd7362-e616-41f1-a7bf-102d49869c40").IsVersion1);
        Assert.False(TransId.Parse("a2dd7362-e616-11f1-c7bf-102d49869c40").IsVersion1);
    }

    [Fact]
    public void Older_compares_lower_even_when_the_bytes_say_otherwise()
    {
        TransId older = TransId.Create(0x0000_0001_FFFF_FFFFUL, 0, 1);
        TransId newer = TransId.Create(0x0000_0002_0000_0000UL, 0, 1);
        Assert.True(older.ToByteArray()[0] > newer.ToByteArray()[0]);
        Assert.True(older < newer);
        Assert.True(newer > older);
        TransId same = older;
        Assert.True(older <= same && older >= same);
        Assert.True(older != newer);
        Assert.Equal(0, older.CompareTo(TransId.FromBytes(older.ToByteArray())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a2dd7362e61611f1a7bf102d49869c40")]
    [InlineData("a2dd7362-e616-11f1-a7bf-102d49869c4g")]
    public void Malformed_text_is_refused(string text) =>
        Assert.ThrowsAny<FormatException>(() => TransId.Parse(text));

    [Fact]
    public void Out_of_range_fields_and_lengths_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TransId.Create(1UL << 60, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransId.Create(0, 0x4000, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransId.Create(0, 0, 1UL << 48));
        Assert.Throws<ArgumentException>(() => TransId.FromBytes(new byte[15]));
    }
}
