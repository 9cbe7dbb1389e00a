using CloudI.Transactions;

namespace CloudI.Tests.Transactions;

public sealed class TransIdGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2025, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_timestamp_is_the_clock_in_100_ns_since_1582()
    {
        var clock = new ManualTimeProvider(Start.AddTicks(1234567));
        var generator = new TransIdGenerator(clock, 0x102D, 0x49869C40, TransIdResolution.HundredNanoseconds, 0x27BF);
        TransId id = generator.Next();
        ulong expected = (ulong)(Start.AddTicks(1234567) - DateTimeOffset.UnixEpoch).Ticks + TransId.GregorianToUnixOffset;
        Assert.Equal(expected, id.Timestamp);
        Assert.Equal(Start.AddTicks(1234567), id.CreationTime);
        Assert.Equal(0x27BF, id.ClockSequence);
        Assert.Equal(0x102D49869C40UL, id.Node);
        Assert.True(id.IsVersion1);
    }

    [Fact]
    public void The_1_5_3_resolution_is_microseconds_times_ten()
    {
        var clock = new ManualTimeProvider(Start.AddTicks(1234567));
        var generator = new TransIdGenerator(clock, 1, 2, TransIdResolution.Microseconds);
        TransId id = generator.Next();
        Assert.Equal(0UL, id.Timestamp % 10);
        Assert.Equal(Start.AddTicks(1234560), id.CreationTime);
    }

    [Theory]
    [InlineData(TransIdResolution.Microseconds)]
    [InlineData(TransIdResolution.HundredNanoseconds)]
    public void Ids_strictly_increase_under_a_frozen_clock(TransIdResolution resolution)
    {
        var generator = new TransIdGenerator(new ManualTimeProvider(Start), 1, 2, resolution);
        TransId previous = generator.Next();
        for (int k = 0; k < 1000; k++)
        {
            TransId next = generator.Next();
            Assert.Equal(previous.Timestamp + 1, next.Timestamp);
            Assert.True(next > previous);
            previous = next;
        }
    }

    [Fact]
    public void Ids_strictly_increase_when_the_clock_goes_back_and_resume_the_clock_once_it_passes()
    {
        var clock = new ManualTimeProvider(Start);
        var generator = new TransIdGenerator(clock, 1, 2, TransIdResolution.HundredNanoseconds);
        TransId first = generator.Next();
        clock.Set(Start.AddHours(-1));
        TransId rewound = generator.Next();
        Assert.Equal(first.Timestamp + 1, rewound.Timestamp);
        clock.Set(Start.AddSeconds(1));
        TransId later = generator.Next();
        Assert.Equal(Start.AddSeconds(1), later.CreationTime);
        Assert.True(first < rewound && rewound < later);
    }

    [Fact]
    public void Ids_from_many_threads_are_distinct_and_increasing_per_thread()
    {
        var clock = new ManualTimeProvider(Start);
        var generator = new TransIdGenerator(clock, 1, 2);
        var perThread = new List<TransId>[4];
        Parallel.For(0, perThread.Length, t =>
        {
            var ids = new List<TransId>(5000);
            for (int k = 0; k < 5000; k++)
            {
                if (t == 0 && k % 500 == 0)
                {
                    clock.Set(Start.AddMilliseconds(k % 1000 == 0 ? -k : k));
                }

                ids.Add(generator.Next());
            }

            perThread[t] = ids;
        });

        foreach (List<TransId> ids in perThread)
        {
            Assert.True(ids.Zip(ids.Skip(1)).All(p => p.First < p.Second));
        }

        Assert.Equal(20000, perThread.SelectMany(ids => ids).Select(id => id.Timestamp).Distinct().Count());
    }

    [Fact]
    public void Node_fields_distinguish_generators()
    {
        ushort runtime = TransIdGenerator.RuntimeNodeId("cloudi@host", [0x10, 0x2D, 0x49, 0x86, 0x9C, 0x40]);
        Assert.Equal(runtime, TransIdGenerator.RuntimeNodeId("cloudi@host", [0x10, 0x2D, 0x49, 0x86, 0x9C, 0x40]));
        Assert.NotEqual(runtime, TransIdGenerator.RuntimeNodeId("other@host", [0x10, 0x2D, 0x49, 0x86, 0x9C, 0x40]));
        uint a = TransIdGenerator.NextSubscriberId();
        uint b = TransIdGenerator.NextSubscriberId();
        Assert.NotEqual(a, b);

        var clock = new ManualTimeProvider(Start);
        TransId fromA = new TransIdGenerator(clock, runtime, a).Next();
        TransId fromB = new TransIdGenerator(clock, runtime, b).Next();
        Assert.Equal(fromA.Timestamp, fromB.Timestamp);
        Assert.NotEqual(fromA, fromB);
        Assert.Equal(((ulong)runtime << 32) | a, fromA.Node);
    }

    [Fact]
    public void The_clock_sequence_is_random_and_fixed_per_generator()
    {
        var clock = new ManualTimeProvider(Start);
        var generator = new TransIdGenerator(clock, 1, 2);
        Assert.InRange(generator.ClockSequence, 0, 0x3FFF);
        Assert.Equal(generator.Next().ClockSequence, generator.Next().ClockSequence);
        var sequences = Enumerable.Range(0, 20).Select(_ => new TransIdGenerator(clock, 1, 2).ClockSequence).Distinct();
        Assert.True(sequences.Count() > 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransIdGenerator(clock, 1, 2, clockSequence: 0x4000));
    }
}
