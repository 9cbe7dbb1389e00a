using System.Text;
using CloudI.Services;

namespace CloudI.Runtime;

/// <summary>
/// What a queued request counts against <c>queue_size</c> (§7.3): the UTF-8 sizes of name and
/// pattern, the request info and body, plus <see cref="Overhead"/> bytes for the request's own
/// bookkeeping (TransId, timeout, priority, source and queue links).
/// </summary>
internal static class RequestSize
{
    /// <summary>The fixed per-request overhead in bytes.</summary>
    public const int Overhead = 128;

    public static long Of(ServiceRequest request) =>
        Encoding.UTF8.GetByteCount(request.Name) + Encoding.UTF8.GetByteCount(request.Pattern)
        + request.RequestInfo.Length + request.Request.Length + Overhead;
}
