using System.Text;
using CloudI.Api;

namespace CloudI.ExternalExample;

/// <summary>
/// One thread of the example service. Names (relative to the configured prefix):
/// <list type="bullet">
/// <item><c>csharp.xml/get</c> — the http_req answer (<see cref="HttpReq"/>).</item>
/// <item><c>echo</c> — the request back, its info as the response info.</item>
/// <item><c>thread</c> — <c>process_index/thread_index</c> of the thread that answered.</item>
/// <item><c>pid</c> — the OS pid.</item>
/// <item><c>null</c> — a null response (the sender times out unless its timeout allows null responses).</item>
/// <item><c>return</c> — answers through <see cref="CloudIApi.Return"/>, which ends the handler.</item>
/// <item><c>forward</c> — forwards the request to the request info's <c>name</c>.</item>
/// <item><c>send_sync</c> — send_sync of the request to the info's <c>name</c>; answers that response.</item>
/// <item><c>send_async</c> — send_async to the info's <c>name</c>, then recv_async of its TransId.</item>
/// </list>
/// </summary>
public sealed class ExampleService
{
    private readonly CloudIApi _api;
    private readonly byte[] _thread;
    private readonly byte[] _pid;

    /// <summary>Wraps one thread's API object.</summary>
    public ExampleService(CloudIApi api, int threadIndex)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        _thread = Encoding.UTF8.GetBytes($"{api.ProcessIndex}/{threadIndex}");
        _pid = Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The thread's whole life: connect, subscribe, serve until TERM.</summary>
    public static void Run(int threadIndex)
    {
        using var api = new CloudIApi(threadIndex);
        new ExampleService(api, threadIndex).Subscribe();
        api.Poll();
    }

    /// <summary>Subscribes every example name, checking the runtime's count as CloudI's http_req tests do.</summary>
    public void Subscribe()
    {
        if (_api.SubscribeCount("csharp.xml/get") != 0)
        {
            throw new InvalidOperationException("csharp.xml/get subscribed before init");
        }

        _api.Subscribe("csharp.xml/get", HttpReqGet);
        if (_api.SubscribeCount("csharp.xml/get") != 1)
        {
            throw new InvalidOperationException("subscribe_count(csharp.xml/get) is not 1 after subscribing");
        }

        _api.Subscribe("echo", Echo);
        _api.Subscribe("thread", (_, _, _, _, _, _, _, _, _) => _thread);
        _api.Subscribe("pid", (_, _, _, _, _, _, _, _, _) => _pid);
        _api.Subscribe("null", (_, _, _, _, _, _, _, _, _) => Reply.Null);
        _api.Subscribe("return", ReturnExplicitly);
        _api.Subscribe("forward", Forward);
        _api.Subscribe("send_sync", ProxySendSync);
        _api.Subscribe("send_async", ProxySendAsync);
    }

    private static Reply HttpReqGet(RequestType type, string name, string pattern, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ReadOnlyMemory<byte> source) =>
        new(HttpReq.ResponseInfo, Encoding.UTF8.GetBytes(HttpReq.Body(request.Span)));

    private static Reply Echo(RequestType type, string name, string pattern, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ReadOnlyMemory<byte> source) =>
        new(requestInfo, request);

    private Reply ReturnExplicitly(RequestType type, string name, string pattern, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ReadOnlyMemory<byte> source)
    {
        byte[] response = [.. "returned:"u8, .. request.Span];
        _api.Return(type, name, pattern, default, response, timeout, transId, source);
        throw new InvalidOperationException("Return came back"); // not reached: Return ends the handler
    }

    private Reply Forward(RequestType type, string name, string pattern, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ReadOnlyMemory<byte> source)
    {
        _api.Forward(type, Destination(requestInfo), requestInfo, request, timeout, priority, transId, source);
        return Reply.Null; // not reached
    }

    private Reply ProxySendSync(RequestType type, string name, string pattern, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ReadOnlyMemory<byte> source)
    {
        CloudIResponse response = _api.SendSync(Destination(requestInfo), request, timeout > 1000 ? timeout - 1000 : timeout);
        return new(response.ResponseInfo, response.Response);
    }

    private Reply ProxySendAsync(RequestType type, string name, string pattern, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ReadOnlyMemory<byte> source)
    {
        uint wait = timeout > 1000 ? timeout - 1000 : timeout;
        TransId sent = _api.SendAsync(Destination(requestInfo), request, wait);
        if (sent.IsNull)
        {
            return Reply.Null;
        }

        CloudIResponse response = _api.RecvAsync(wait, sent);
        return new(response.ResponseInfo, response.Response);
    }

    private static string Destination(ReadOnlyMemory<byte> requestInfo) =>
        CloudIApi.RequestInfoToDictionary(requestInfo.Span).TryGetValue("name", out string? destination)
            ? destination
            : throw new InvalidOperationException("the request info names no destination (name\\0...\\0)");
}
