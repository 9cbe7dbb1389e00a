using System.Text;

namespace CloudI.External.Hosting;

/// <summary>
/// The UTF-8 bytes of the last string asked for. An external thread mostly receives requests
/// for the same few names and patterns, so each SEND encodes them once rather than allocating
/// on every request. Not thread-safe: one per writer of SEND frames (the mailbox runs one
/// request at a time).
/// </summary>
internal sealed class Utf8Memo
{
    private string _text = string.Empty;
    private byte[] _bytes = [];

    /// <summary>The UTF-8 encoding of <paramref name="text"/> (do not modify the array).</summary>
    public byte[] Of(string text)
    {
        if (!ReferenceEquals(text, _text) && !string.Equals(text, _text, StringComparison.Ordinal))
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            _text = text;
        }

        return _bytes;
    }
}
