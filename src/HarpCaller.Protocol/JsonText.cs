using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using HarpCaller.Protocol.Internal;

namespace HarpCaller.Protocol;

/// <summary>
/// JSON text helpers shared by both wires: exact pass-through of values and value identity.
/// </summary>
public static class JsonText
{
    /// <summary>Default and parsers' nesting limit: deep enough for any real payload, bounded so nothing recurses without end.</summary>
    internal const int DefaultMaxDepth = 512;

    private const int StackScratch = 512;

    /// <summary>
    /// Validates that <paramref name="utf8Json"/> is exactly one JSON value and returns its compact form.
    /// </summary>
    /// <remarks>
    /// Insignificant whitespace (including <c>\r</c>) is removed; every string and number token is copied
    /// byte-for-byte as written, so escapes such as <c>\uD83D\uDE00</c>, a 30-digit integer or
    /// <c>1e+300</c> come out exactly as they went in.
    /// </remarks>
    /// <param name="utf8Json">The JSON text, UTF-8.</param>
    /// <param name="maxDepth">Deepest nesting accepted; must be positive.</param>
    /// <returns>The compact JSON text, UTF-8.</returns>
    /// <exception cref="ProtocolException">
    /// <c>parse_error</c>: not valid UTF-8, not exactly one JSON value, or nested deeper than <paramref name="maxDepth"/>.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is not positive.</exception>
    public static byte[] Compact(ReadOnlySpan<byte> utf8Json, int maxDepth = DefaultMaxDepth)
    {
        // The reader itself treats 0 as "its default of 64", which would be a silent surprise.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        if (!Utf8.IsValid(utf8Json))
        {
            // The JSON reader does not check UTF-8 inside strings, so this is the only guard.
            throw new ProtocolException(ErrorTypes.ParseError, "not valid UTF-8");
        }

        byte[]? rented = null;
        Span<byte> scratch = utf8Json.Length <= StackScratch
            ? stackalloc byte[StackScratch]
            : (rented = ArrayPool<byte>.Shared.Rent(utf8Json.Length));
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
            reader.Read();
            int written = JsonCompactor.CopyValue(ref reader, scratch);

            // Only whitespace may follow; the reader throws on anything else.
            reader.Read();
            return scratch[..written].ToArray();
        }
        catch (JsonException e)
        {
            throw new ProtocolException(ErrorTypes.ParseError, "not valid JSON: " + MessageText.Bound(e.Message));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// A deterministic key for a JSON value: two values that are equal as JSON values give the same key.
    /// </summary>
    /// <remarks>
    /// Used for queue identity (spec 1.9). Object members are compared regardless of order (sorted by
    /// unescaped name, ordinal); when a name repeats, its last value counts; strings are compared by
    /// their unescaped value (<c>"a"</c> equals <c>"\u0061"</c>); numbers by their text as written
    /// (<c>1</c> and <c>1.0</c> differ); arrays in order. The key is itself compact JSON text of the
    /// normalised value, so it can be shown to people.
    /// </remarks>
    /// <param name="value">The value; must hold a value (not <c>default</c>).</param>
    /// <returns>The canonical key.</returns>
    /// <exception cref="ProtocolException"><c>invalid_request</c>: the value is nested deeper than 512 levels.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <c>default</c>.</exception>
    public static string CanonicalKey(JsonElement value)
    {
        var builder = new Utf8LineBuilder(stackalloc byte[256]);
        try
        {
            CanonicalJsonWriter.Write(ref builder, value, 0);
            return Encoding.UTF8.GetString(builder.Written);
        }
        finally
        {
            builder.Dispose();
        }
    }
}
