namespace CloudI.External.Tests.Protocol;

/// <summary>Shared values of the spec §8 test vectors.</summary>
internal static class Vectors
{
    public static readonly byte[] TransId = Hex.Parse("a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40");
    public static readonly byte[] TransId2 = Hex.Parse("a2 dd 73 63 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40");
    public static readonly byte[] V3 = Hex.Parse("83 67 64 00 0b 63 6c 6f 75 64 69 40 68 6f 73 74  00 00 05 a9  00 00 00 00  01");
    public static readonly byte[] V6 = Hex.Parse("""
        83 68 08  73 0b 72 65 74 75 72 6e 5f 73 79 6e 63
        6b 00 08 2f 74 65 73 74 73 2f 61  6b 00 08 2f 74 65 73 74 73 2f 2a
        6d 00 00 00 00  6d 00 00 00 02 6f 6b  62 00 00 13 88
        6d 00 00 00 10 a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40
        67 73 0b 63 6c 6f 75 64 69 40 68 6f 73 74 00 00 05 a9 00 00 00 00 01
        """);
}
