using HarpCaller.Protocol.Internal;

namespace HarpCaller.Protocol;

/// <summary>Encodes the dispatcher's request to a daemon (spec 2).</summary>
public static class HarpdRequest
{
    /// <summary>
    /// The request line, newline included:
    /// <c>{"harp":1,"procedure":P,"arguments":A,"auth":{"user":U,"password":W}}</c>.
    /// </summary>
    /// <remarks>
    /// Strings are written as UTF-8 (the original daemon's <c>json.loads</c> decodes UTF-8); the
    /// arguments are copied as the client wrote them. Scratch memory is cleared after use because the
    /// line holds the password; the returned array is the caller's to clear.
    /// </remarks>
    /// <param name="procedure">Procedure to run.</param>
    /// <param name="argumentsJson">Arguments, compact JSON (a list or an object).</param>
    /// <param name="user">User name from the hosts registry.</param>
    /// <param name="password">Password from the hosts registry.</param>
    /// <returns>The line as UTF-8, ending in <c>\n</c>.</returns>
    public static byte[] Encode(string procedure, string argumentsJson, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentException.ThrowIfNullOrEmpty(argumentsJson);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var line = new Utf8LineBuilder(stackalloc byte[512], sensitive: true);
        try
        {
            line.Append("{\"harp\":1,\"procedure\":"u8);
            line.AppendJsonString(procedure);
            line.Append(",\"arguments\":"u8);
            line.AppendRawJson(argumentsJson);
            line.Append(",\"auth\":{\"user\":"u8);
            line.AppendJsonString(user);
            line.Append(",\"password\":"u8);
            line.AppendJsonString(password);
            line.Append("}}\n"u8);
            return line.ToArray();
        }
        finally
        {
            line.Dispose();
        }
    }
}
