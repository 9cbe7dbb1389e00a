namespace CloudI.Http;

/// <summary>
/// The content type guessed from a path's extension when a response has no headers at all,
/// and whether the reference treats it as a download (<c>content-disposition: attachment</c>):
/// CloudI's table of "request" (shown in the browser) and "attachment" types.
/// </summary>
internal static class ContentTypes
{
    /// <summary>The type of a path without an extension.</summary>
    public const string NoExtension = "text/html";

    /// <summary>The type of an unknown extension (a download).</summary>
    public const string Unknown = "application/octet-stream";

    private static readonly Dictionary<string, (string Type, bool Attachment)> s_table =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [".txt"] = ("text/plain", false),
            [".json"] = ("application/json", false),
            [".xml"] = ("text/xml", false),
            [".csv"] = ("text/csv", false),
            [".htm"] = ("text/html", false),
            [".html"] = ("text/html", false),
            [".xhtml"] = ("application/xhtml+xml", false),
            [".erl"] = ("application/x-erlang", false),
            [".hrl"] = ("application/x-erlang", false),
            [".svg"] = ("image/svg+xml", false),
            [".ico"] = ("image/x-icon", false),
            [".css"] = ("text/css", true),
            [".js"] = ("text/javascript", true),
            [".exe"] = ("application/octet-stream", true),
            [".bin"] = ("application/octet-stream", true),
            [".pdf"] = ("application/pdf", true),
            [".rtf"] = ("application/rtf", true),
            [".ppt"] = ("application/vnd.ms-powerpoint", true),
            [".doc"] = ("application/msword", true),
            [".xls"] = ("application/vnd.ms-excel", true),
            [".tgz"] = ("application/x-compressed", true),
            [".gz"] = ("application/x-gzip", true),
            [".tar"] = ("application/x-tar", true),
            [".zip"] = ("application/zip", true),
            [".mp3"] = ("audio/mpeg", true),
            [".wav"] = ("audio/x-wav", true),
            [".ram"] = ("audio/x-pn-realaudio", true),
            [".bmp"] = ("image/bmp", true),
            [".gif"] = ("image/gif", true),
            [".jpe"] = ("image/jpeg", true),
            [".jpeg"] = ("image/jpeg", true),
            [".jpg"] = ("image/jpeg", true),
            [".png"] = ("image/png", true),
            [".tif"] = ("image/tiff", true),
            [".tiff"] = ("image/tiff", true),
            [".mp2"] = ("video/mpeg", true),
            [".mpa"] = ("video/mpeg", true),
            [".mpe"] = ("video/mpeg", true),
            [".mpeg"] = ("video/mpeg", true),
            [".mpg"] = ("video/mpeg", true),
            [".mp4"] = ("video/mp4", true),
            [".mov"] = ("video/quicktime", true),
            [".avi"] = ("video/x-msvideo", true),
            [".evy"] = ("application/envoy", true),
        };

    private static readonly Dictionary<string, (string Type, bool Attachment)>.AlternateLookup<ReadOnlySpan<char>>
        s_lookup = s_table.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The content type for <paramref name="path"/> (a raw URL path) and whether it is a download;
    /// <paramref name="fileName"/> is the last path segment (for the content-disposition).
    /// </summary>
    public static (string Type, bool Attachment) Guess(ReadOnlySpan<char> path, out ReadOnlySpan<char> fileName)
    {
        int slash = path.LastIndexOf('/');
        fileName = slash < 0 ? path : path[(slash + 1)..];
        int dot = fileName.LastIndexOf('.');

        // Erlang's filename:extension: no extension for ".name" files either.
        if (dot <= 0)
        {
            return (NoExtension, false);
        }

        return s_lookup.TryGetValue(fileName[dot..], out (string Type, bool Attachment) found)
            ? found
            : (Unknown, true);
    }
}
