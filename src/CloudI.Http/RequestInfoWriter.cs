using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CloudI.Http;

/// <summary>
/// Builds the RequestInfo of <c>output = external</c> (spec a.2.3): header names lowercased,
/// sorted, <c>name\0value\0</c>, with the front's own entries merged in. The result is one
/// exact-size array (a service may keep it), built from a pooled entry list.
/// </summary>
internal static class RequestInfoWriter
{
    private static readonly Comparison<Entry> s_byName = static (a, b) => CompareLower(a.Name, b.Name);

    /// <summary>Why a request's headers were refused.</summary>
    public enum Refusal
    {
        /// <summary>Accepted.</summary>
        None,

        /// <summary>A header name or value over the configured limit (HTTP 431).</summary>
        TooLong,
    }

    /// <summary>
    /// The RequestInfo bytes, or null with <paramref name="refusal"/> set. Client headers named
    /// like an added entry are replaced by the front's value, so they cannot be spoofed.
    /// </summary>
    public static byte[]? Build(IHeaderDictionary headers, ConnectionState connection, string urlPath,
        HttpFrontArgs args, out Refusal refusal)
    {
        refusal = Refusal.None;
        Entry[] entries = ArrayPool<Entry>.Shared.Rent(headers.Count + 6);
        int count = 0;
        try
        {
            bool forwarded = false;
            foreach (KeyValuePair<string, StringValues> header in headers)
            {
                string name = header.Key;
                if (name.Length > args.MaxHeaderNameLength)
                {
                    refusal = Refusal.TooLong;
                    return null;
                }

                if (IsAdded(name))
                {
                    continue;
                }

                forwarded |= name.Equals("x-forwarded-for", StringComparison.OrdinalIgnoreCase);
                StringValues values = header.Value;
                string value = values.Count == 1
                    ? values[0] ?? string.Empty
                    : string.Join(name.Equals("cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ",
                        values.ToArray());
                if (value.Length > args.MaxHeaderValueLength)
                {
                    refusal = Refusal.TooLong;
                    return null;
                }

                entries[count++] = new Entry(name, value);
            }

            entries[count++] = new Entry("peer", connection.Address);
            entries[count++] = new Entry("peer-port", connection.Port);
            entries[count++] = new Entry("source-address", connection.Address);
            entries[count++] = new Entry("source-port", connection.Port);
            entries[count++] = new Entry("url-path", urlPath);
            if (args.SetXForwardedFor && !forwarded)
            {
                entries[count++] = new Entry("x-forwarded-for", connection.Address);
            }

            Span<Entry> used = entries.AsSpan(0, count);
            used.Sort(s_byName);
            int length = 0;
            foreach (Entry entry in used)
            {
                length += entry.Name.Length + entry.Value.Length + 2;
            }

            byte[] info = GC.AllocateUninitializedArray<byte>(length);
            int offset = 0;
            foreach (Entry entry in used)
            {
                foreach (char c in entry.Name)
                {
                    info[offset++] = (byte)(char.IsAsciiLetterUpper(c) ? c | 0x20 : c);
                }

                info[offset++] = 0;
                offset += Encoding.Latin1.GetBytes(entry.Value, info.AsSpan(offset));
                info[offset++] = 0;
            }

            return info;
        }
        finally
        {
            ArrayPool<Entry>.Shared.Return(entries, clearArray: true);
        }
    }

    private static bool IsAdded(string name) =>
        name.Length is >= 4 and <= 14 && (name.Equals("peer", StringComparison.OrdinalIgnoreCase)
            || name.Equals("peer-port", StringComparison.OrdinalIgnoreCase)
            || name.Equals("source-address", StringComparison.OrdinalIgnoreCase)
            || name.Equals("source-port", StringComparison.OrdinalIgnoreCase)
            || name.Equals("url-path", StringComparison.OrdinalIgnoreCase));

    /// <summary>Ordinal comparison of the ASCII-lowercased names (the byte order of the lowercased keys).</summary>
    private static int CompareLower(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int k = 0; k < n; k++)
        {
            int ca = char.IsAsciiLetterUpper(a[k]) ? a[k] | 0x20 : a[k];
            int cb = char.IsAsciiLetterUpper(b[k]) ? b[k] | 0x20 : b[k];
            if (ca != cb)
            {
                return ca - cb;
            }
        }

        return a.Length - b.Length;
    }

    private readonly record struct Entry(string Name, string Value);
}
