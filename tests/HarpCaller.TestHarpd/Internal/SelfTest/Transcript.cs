using System.Security.Authentication;
using System.Text;

namespace HarpCaller.TestHarpd.Internal.SelfTest;

/// <summary>Everything a daemon sent on one connection until it closed.</summary>
internal sealed class Transcript(SslProtocols protocol, byte[] received, TimeSpan elapsed)
{
    public SslProtocols Protocol { get; } = protocol;

    public byte[] Received { get; } = received;

    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>Complete lines (without <c>\n</c>), decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public IReadOnlyList<string> Lines => [.. RawLines.Select(l => Encoding.UTF8.GetString(l))];

    /// <summary>Complete lines as bytes.</summary>
    public IReadOnlyList<byte[]> RawLines
    {
        get
        {
            var lines = new List<byte[]>();
            int start = 0;
            for (int i = 0; i < Received.Length; i++)
            {
                if (Received[i] == '\n')
                {
                    lines.Add(Received[start..i]);
                    start = i + 1;
                }
            }

            return lines;
        }
    }

    /// <summary>Whether the last byte received ended a line.</summary>
    public bool EndsWithNewline => Received.Length == 0 || Received[^1] == '\n';

    public override string ToString() => string.Join(" | ", Lines.Select(l => l.Length > 200 ? l[..200] + "…" : l));
}
