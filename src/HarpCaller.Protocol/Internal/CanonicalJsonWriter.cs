using System.Runtime.InteropServices;
using System.Text.Json;

namespace HarpCaller.Protocol.Internal;

/// <summary>
/// Writes a JSON value in a canonical form: two values that are equal as JSON values give the same
/// bytes. Behind <see cref="JsonText.CanonicalKey"/>.
/// </summary>
/// <remarks>
/// The canonical form is itself compact JSON, which keeps queue keys readable in logs and admin output:
/// object members sorted by unescaped name (ordinal UTF-16 order), a repeated name keeping its last
/// value (what Python's <c>json.loads</c> and most parsers do), strings re-escaped minimally (so
/// <c>"a"</c> and <c>"\u0061"</c> agree), numbers as written (the spec says <c>1</c> and <c>1.0</c>
/// name different queues), arrays in order.
/// </remarks>
internal static class CanonicalJsonWriter
{
    /// <summary>Deepest nesting accepted; matches the parsers' depth limit and bounds recursion.</summary>
    public const int MaxDepth = 512;

    /// <summary>Writes <paramref name="value"/> canonically.</summary>
    /// <exception cref="ProtocolException">The value is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static void Write(ref Utf8LineBuilder builder, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckDepth(depth);
                WriteObject(ref builder, value, depth);
                break;

            case JsonValueKind.Array:
                CheckDepth(depth);
                builder.Append((byte)'[');
                bool first = true;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append((byte)',');
                    }

                    first = false;
                    Write(ref builder, item, depth + 1);
                }

                builder.Append((byte)']');
                break;

            case JsonValueKind.String:
                ReadOnlySpan<byte> quoted = JsonMarshal.GetRawUtf8Value(value);
                builder.AppendJsonString(JsonStringCodec.Unescape(quoted[1..^1]));
                break;

            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Null:
                builder.Append(JsonMarshal.GetRawUtf8Value(value));
                break;

            default:
                throw new ArgumentException("the JSON element holds no value", nameof(value));
        }
    }

    private static void WriteObject(ref Utf8LineBuilder builder, JsonElement value, int depth)
    {
        var members = new List<Member>();
        foreach (JsonProperty property in value.EnumerateObject())
        {
            string name = JsonStringCodec.Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
            members.Add(new Member(name, members.Count, property.Value));
        }

        // Order keeps equal names in document order, so the last of a run is the one that counts.
        members.Sort(static (a, b) =>
        {
            int byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.Position.CompareTo(b.Position);
        });

        builder.Append((byte)'{');
        bool first = true;
        for (int i = 0; i < members.Count; i++)
        {
            if (i + 1 < members.Count && string.Equals(members[i].Name, members[i + 1].Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (!first)
            {
                builder.Append((byte)',');
            }

            first = false;
            builder.AppendJsonString(members[i].Name);
            builder.Append((byte)':');
            Write(ref builder, members[i].Value, depth + 1);
        }

        builder.Append((byte)'}');
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new ProtocolException(ErrorTypes.InvalidRequest, $"value nested deeper than {MaxDepth} levels");
        }
    }

    private readonly record struct Member(string Name, int Position, JsonElement Value);
}
