using HarpCaller.Jobs;

namespace HarpCaller.Tests.Engine;

public sealed class JobIdsTests
{
    [Fact]
    public void Ids_AreVersion4Rfc4122Uuids()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var text = JobIds.NewId().ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
            Assert.Equal(text.ToLowerInvariant(), text);
        }
    }

    [Fact]
    public void Ids_AreDistinct_AcrossBatchesAndThreads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 5_000; i++) ids.Add(JobIds.NewId());
        });
        Assert.Equal(40_000, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_LookRandom_EveryFreeBitVaries()
    {
        // 122 random bits: across a few hundred ids each of them must take both values.
        var ones = new int[128];
        const int n = 512;
        for (var i = 0; i < n; i++)
        {
            var bytes = JobIds.NewId().ToByteArray();
            for (var bit = 0; bit < 128; bit++) ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
        }
        var varying = ones.Count(c => c > n / 4 && c < 3 * n / 4);
        Assert.Equal(122, varying);
    }
}
