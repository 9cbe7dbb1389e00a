using System.Diagnostics;
using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

/// <summary>Random mutations of valid payloads only ever give a message or an <see cref="ExternalProtocolException"/>.</summary>
public sealed class DecoderFuzzTests
{
    private static IEnumerable<byte[]> Seeds()
    {
        yield return Hex.Parse("83 68 06 73 09 73 65 6e 64 5f 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00 6d 00 00 00 01 78 62 00 00 13 88 61 00");
        yield return Hex.Parse("83 68 06 64 00 09 73 65 6e 64 5f 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00 6d 00 00 00 01 78 62 00 00 13 88 61 00");
        yield return Vectors.V6;
        yield return Hex.Parse("83 73 04 69 6e 69 74");
        yield return Hex.Parse("83 68 02 73 09 73 75 62 73 63 72 69 62 65 6b 00 01 2a");
        yield return Hex.Parse("83 68 06 73 0a 73 65 6e 64 5f 61 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00 6d 00 00 00 01 78 6e 04 00 ff ff ff ff 62 ff ff ff ff");
        yield return Hex.Parse("83 68 02 77 03 70 69 64 62 00 00 30 39");
        yield return Etf.Payload(Etf.Tuple(Etf.Atom("recv_async", 119), Etf.Int(1000), Etf.Bin(new byte[16]), Etf.Atom("true", 119)));
        yield return Etf.Payload(Etf.Tuple(Etf.Atom("forward_sync"), Etf.ListStr([47, 97, 98]), Etf.Bin("i"), Etf.Bin("r"),
            Etf.Big(4294967295, 111), Etf.Int(-128), Etf.Bin(Vectors.TransId), Etf.Pid("n@h", 1, 2, 3, 88, 118)));
        yield return Etf.Payload(Etf.Tuple(Etf.Atom("shutdown"), Etf.Str("bye")));
    }

    [Fact]
    public void RandomMutations_NeverCrash()
    {
        var random = new Random(20240607);
        byte[][] seeds = Seeds().ToArray();
        byte[] interesting = [0, 1, 0x7F, 0x80, 0xFF, 97, 98, 100, 103, 104, 105, 106, 107, 108, 109, 110, 111, 115, 118, 119, 88, 70, 131];
        int valid = 0, invalid = 0;
        var stopwatch = Stopwatch.StartNew();
        for (int iteration = 0; iteration < 50000; iteration++)
        {
            var bytes = new List<byte>(seeds[random.Next(seeds.Length)]);
            int mutations = 1 + random.Next(4);
            for (int m = 0; m < mutations && bytes.Count > 0; m++)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(7))
                {
                    case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1: bytes[at] = interesting[random.Next(interesting.Length)]; break;
                    case 2: bytes[at] = (byte)random.Next(256); break;
                    case 3: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(4))); break;
                    case 4: bytes.Insert(at, (byte)random.Next(256)); break;
                    case 5: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 6:
                        for (int k = 0; k < 4 && at + k < bytes.Count; k++)
                            bytes[at + k] = 0xFF;
                        break;
                }
            }
            byte[] payload = [.. bytes];
            foreach (WireFlavor flavor in new[] { WireFlavor.Version20, WireFlavor.Version153 })
            {
                try
                {
                    Assert.NotNull(ExternalMessageDecoder.Decode(payload, flavor));
                    valid++;
                }
                catch (ExternalProtocolException)
                {
                    invalid++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{e.GetType().Name} for payload {Hex.Format(payload)} ({flavor}): {e.Message}");
                }
            }
        }
        Assert.True(valid > 100 && invalid > 10000, $"valid {valid}, invalid {invalid}");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"fuzzing took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Decode_AllocatesLittle()
    {
        byte[] send = Seeds().First();
        byte[] returnSync = Vectors.V6;
        for (int i = 0; i < 1000; i++)
        {
            ExternalMessageDecoder.Decode(send, WireFlavor.Version20);
            ExternalMessageDecoder.Decode(returnSync, WireFlavor.Version20);
        }
        var sendMemory = new ReadOnlyMemory<byte>(send);
        var returnMemory = new ReadOnlyMemory<byte>(returnSync);
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int Count = 10000;
        for (int i = 0; i < Count; i++)
        {
            ExternalMessageDecoder.Decode(sendMemory, WireFlavor.Version20);
            ExternalMessageDecoder.Decode(returnMemory, WireFlavor.Version20);
        }
        long perPair = (GC.GetAllocatedBytesForCurrentThread() - before) / Count;
        Assert.True(perPair <= 300, $"{perPair} bytes allocated per send+return decode (only the two message objects expected)");
    }
}
