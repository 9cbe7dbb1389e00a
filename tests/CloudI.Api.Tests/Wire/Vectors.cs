namespace CloudI.Api.Tests.Wire;

/// <summary>The test vectors of the protocol spec (§8), payloads without length prefixes.</summary>
internal static class Vectors
{
    public const string TransIdText = "a2dd7362-e616-11f1-a7bf-102d49869c40";

    public static readonly byte[] TransId = Hex.Bytes("a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40");

    public static readonly byte[] V1Init20 = Hex.Bytes("""
        01 00 00 00  00 00 00 00  01 00 00 00  01 00 00 00  01 00 00 00  08 00 00 00
        2f 74 65 73 74 73 2f 00
        88 13 00 00  88 13 00 00  88 13 00 00  08 e8 00 00
        00  01  ff ff ff ff
        """);

    public static readonly byte[] V2Init153 = Hex.Bytes("""
        01 00 00 00  00 00 00 00  01 00 00 00  01 00 00 00  01 00 00 00  08 00 00 00
        2f 74 65 73 74 73 2f 00
        88 13 00 00  88 13 00 00  88 13 00 00  fc e9 00 00
        00  00
        """);

    public static readonly byte[] V3Pid = Hex.Bytes("83 67 64 00 0b 63 6c 6f 75 64 69 40 68 6f 73 74  00 00 05 a9  00 00 00 00  01");

    public static readonly byte[] V4SendSync = Hex.Bytes("""
        03 00 00 00
        09 00 00 00  2f 74 65 73 74 73 2f 61 00
        09 00 00 00  2f 74 65 73 74 73 2f 2a 00
        04 00 00 00  6b 00 76 00  00
        01 00 00 00  78  00
        88 13 00 00
        00
        a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40
        19 00 00 00
        83 67 64 00 0b 63 6c 6f 75 64 69 40 68 6f 73 74 00 00 05 a9 00 00 00 00 01
        """);

    public static readonly byte[] V5SendSync = Hex.Bytes("""
        83 68 06 73 09 73 65 6e 64 5f 73 79 6e 63  6b 00 02 2f 61  6d 00 00 00 00
        6d 00 00 00 01 78  62 00 00 13 88  61 00
        """);

    public static readonly byte[] V6ReturnSync = Hex.Bytes("""
        83 68 08  73 0b 72 65 74 75 72 6e 5f 73 79 6e 63
        6b 00 08 2f 74 65 73 74 73 2f 61  6b 00 08 2f 74 65 73 74 73 2f 2a
        6d 00 00 00 00  6d 00 00 00 02 6f 6b  62 00 00 13 88
        6d 00 00 00 10 a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40
        67 73 0b 63 6c 6f 75 64 69 40 68 6f 73 74 00 00 05 a9 00 00 00 00 01
        """);

    public static readonly byte[] V7ReturnSync = Hex.Bytes(
        "06 00 00 00  00 00 00 00 00  02 00 00 00 6f 6b 00  a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40");

    public static readonly byte[] V7Timeout = [.. Hex.Bytes("06 00 00 00 00 00 00 00 00 00 00 00 00 00"), .. TransId];

    public static readonly byte[] V7NoDestination = [.. Hex.Bytes("06 00 00 00"), .. new byte[26]];

    public static readonly byte[] V8ReturnAsync = [.. Hex.Bytes("05 00 00 00"), .. TransId];

    public static readonly byte[] V8ReturnAsyncFailure = [.. Hex.Bytes("05 00 00 00"), .. new byte[16]];

    public static readonly byte[] V8ReturnsAsync2 =
        [.. Hex.Bytes("07 00 00 00 02 00 00 00"), .. TransId, .. Hex.Bytes("a2 dd 73 63 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40")];

    public static readonly byte[] V8ReturnsAsyncFailure = Hex.Bytes("07 00 00 00 00 00 00 00");

    public static readonly byte[] V8RecvAsyncOk = [.. Hex.Bytes("04 00 00 00 00 00 00 00 00 02 00 00 00 6f 6b 00"), .. TransId];

    public static readonly byte[] V8RecvAsyncTimeout = [.. Hex.Bytes("04 00 00 00 00 00 00 00 00 00 00 00 00 00"), .. new byte[16]];

    public static readonly byte[] V8SubscribeCount1 = Hex.Bytes("0a 00 00 00 01 00 00 00");

    public static readonly byte[] V8Keepalive = Hex.Bytes("08 00 00 00");

    public static readonly byte[] V8Term = Hex.Bytes("0b 00 00 00");

    public static readonly byte[] V8Reinit20 = Hex.Bytes("09 00 00 00 02 00 00 00 88 13 00 00 88 13 00 00 00 01");

    public static readonly byte[] V8Reinit153 = Hex.Bytes("09 00 00 00 02 00 00 00");

    public static readonly byte[] V9Init = Hex.Bytes("83 73 04 69 6e 69 74");

    public static readonly byte[] V9Polling = Hex.Bytes("83 73 07 70 6f 6c 6c 69 6e 67");

    public static readonly byte[] V9SubscribeStar = Hex.Bytes("83 68 02 73 09 73 75 62 73 63 72 69 62 65 6b 00 01 2a");

    public static readonly byte[] V9RecvAsync = [
        .. Hex.Bytes("83 68 04 73 0a 72 65 63 76 5f 61 73 79 6e 63 62 00 00 03 e8 6d 00 00 00 10"),
        .. new byte[16], .. Hex.Bytes("77 04 74 72 75 65")];

    public static readonly byte[] V9SendAsync = Hex.Bytes("""
        83 68 06 73 0a 73 65 6e 64 5f 61 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00
        6d 00 00 00 01 78 6e 04 00 ff ff ff ff 62 ff ff ff ff
        """);
}
