using CloudI.Services;

namespace CloudI.Examples;

/// <summary>The assertions of <see cref="MessagingSequences"/>: each failure names what was expected and what came.</summary>
internal static class MessagingCheck
{
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new MessagingCheckException($"{what}: expected {expected}, got {actual}");
        }
    }

    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new MessagingCheckException(what);
        }
    }

    public static T Ok<T>(CloudIResult<T> result, string what) =>
        result.IsOk ? result.Value : throw new MessagingCheckException($"{what}: {{error, {result.Error}}}");

    public static string Ok(SendSyncResult result, string what)
    {
        True(result.IsOk, $"{what}: {{error, {result.Error}}}");
        return result.ResponseText;
    }

    public static string Ok(RecvAsyncResult result, string what)
    {
        True(result.IsOk, $"{what}: {{error, {result.Error}}} for {result.TransId}");
        return result.ResponseText;
    }
}
