using System.Text;
using HarpCaller.Protocol;

namespace HarpCaller.Jobs;

/// <summary>Terminal replies the dispatcher itself produces (spec 1.10), built once.</summary>
internal static class Outcomes
{
    public static readonly byte[] Cancelled = ClientReplies.OutcomeCancelled();

    public static readonly byte[] MissingResult = ClientReplies.OutcomeError(
        "missing_result", "the job was running when the dispatcher stopped", null);

    public static readonly byte[] UnknownHost = ClientReplies.OutcomeError(
        "unknown_host", "host is not in the hosts registry", null);

    /// <summary>An error with <c>data.reason</c> naming the cause.</summary>
    public static byte[] Error(string type, string message, string? reason) =>
        ClientReplies.OutcomeError(type, message, reason is null ? null : ReasonData(reason));

    private static string ReasonData(string reason)
    {
        // Reasons are our own fixed atoms (econnrefused, closed, ...): no escaping needed beyond quotes.
        var sb = new StringBuilder("{\"reason\":\"");
        foreach (var c in reason)
        {
            if (c is '"' or '\\' || c < 0x20) continue;
            sb.Append(c);
        }
        return sb.Append("\"}").ToString();
    }
}
