using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudI.Configuration;
using CloudI.Services;
using CloudI.Tests.Runtime;

namespace CloudI.External.Tests.Python;

/// <summary>The C# internal service the Python services talk to (prefix <c>/cs/</c>).</summary>
internal static class CsServices
{
    /// <summary>
    /// <c>echo</c>: "cs:" + request, the request info echoed; <c>meta</c>: "timeout:priority";
    /// <c>end</c>: the last hop of a forward chain (adds itself to the JSON trail);
    /// <c>noreply</c>: never answers; <c>null</c>: a null response.
    /// </summary>
    public static InternalServiceConfig Config(int processes = 1) => ScriptedService.Config(new Script
    {
        Subscribe = ["echo", "meta", "end", "noreply", "null"],
        Handle = (request, dispatcher, _) => new(Handle(request)),
    }, prefix: "/cs/", processes: processes);

    private static RequestResult Handle(ServiceRequest request)
    {
        string suffix = request.Pattern["/cs/".Length..];
        switch (suffix)
        {
            case "echo":
                return RequestResult.Reply(request.RequestInfo, Encoding.UTF8.GetBytes("cs:" + Encoding.UTF8.GetString(request.Request.Span)));
            case "meta":
                return RequestResult.Reply($"{request.Timeout}:{request.Priority}");
            case "end":
                JsonNode body = JsonNode.Parse(request.Request.Span)!;
                body["trail"]!.AsArray().Add(new JsonObject
                {
                    ["at"] = "cs",
                    ["timeout"] = request.Timeout,
                    ["type"] = request.Type == RequestType.SendSync ? "sync" : "async",
                });
                return RequestResult.Reply(JsonSerializer.SerializeToUtf8Bytes(body));
            case "noreply":
                return RequestResult.NoReply;
            default:
                return RequestResult.Reply(default, default);
        }
    }
}
