using System.Security.Cryptography;

namespace HarpCaller.Jobs;

/// <summary>
/// New job ids: random version-4 UUIDs (spec 1.3) from the operating system's secure random
/// source. <see cref="Guid.NewGuid"/> reads that source with one system call per id on Linux;
/// here one read serves a batch of ids, kept per thread.
/// </summary>
internal static class JobIds
{
    private const int Batch = 32;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_next;

    /// <summary>A fresh random (version 4, RFC 4122 variant) id.</summary>
    public static Guid NewId()
    {
        var random = t_random ??= new byte[16 * Batch];
        if (t_next == 0) RandomNumberGenerator.Fill(random);
        Span<byte> bytes = stackalloc byte[16];
        random.AsSpan(t_next * 16, 16).CopyTo(bytes);
        // Each id's random bytes are used once: clear them and move on.
        random.AsSpan(t_next * 16, 16).Clear();
        t_next = (t_next + 1) % Batch;
        // Guid's byte layout keeps the first three fields little-endian: the version nibble is
        // the high half of byte 7, the variant the top bits of byte 8.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
