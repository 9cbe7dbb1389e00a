namespace Toml.Internal;

/// <summary>
/// Maps text offsets to 1-based line and column in O(log lines): every value records its position, so a
/// per-call scan of the line would make a long one-line array quadratic.
/// </summary>
internal sealed class LineMap
{
    private readonly List<int> _lineStarts = [0];

    // Low surrogates before each offset, so columns count code points; null when the text has none (the usual case).
    private readonly int[]? _lowSurrogatesBefore;

    internal LineMap(string text)
    {
        var hasSurrogates = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                hasSurrogates = true;
            }
        }

        if (hasSurrogates)
        {
            _lowSurrogatesBefore = new int[text.Length + 1];
            for (var i = 0; i < text.Length; i++)
            {
                _lowSurrogatesBefore[i + 1] = _lowSurrogatesBefore[i] + (char.IsLowSurrogate(text[i]) ? 1 : 0);
            }
        }

        Length = text.Length;
    }

    private int Length { get; }

    /// <summary>Line and column of <paramref name="offset"/>; columns count code points, not UTF-16 units.</summary>
    internal (int Line, int Column) Locate(int offset)
    {
        offset = Math.Clamp(offset, 0, Length);
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        var start = _lineStarts[index];
        var column = offset - start + 1;
        if (_lowSurrogatesBefore is not null)
        {
            column -= _lowSurrogatesBefore[offset] - _lowSurrogatesBefore[start];
        }

        return (index + 1, column);
    }
}
