using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using CloudI.Api.Internal;

namespace CloudI.Api;

public sealed partial class CloudIApi
{
    // The request being handled (saved and restored around nested deliveries).
    private bool _inRequest;
    private bool _currentEnded;
    private TransId _currentTransId;
    private uint _currentTimeout;
    private long _currentStart;

    // The last delivered name: services mostly see the same few names, so reuse its string.
    private byte[] _lastNameBytes = [];
    private string _lastName = string.Empty;

    /// <summary>
    /// Runs the handler of a delivered request and sends exactly one return_*/forward_* for it
    /// (cloudi.py's <c>__callback</c>): the handler's value, or a null response when it threw or
    /// has no handler; nothing more when it called Return/Forward itself.
    /// </summary>
    private void HandleRequest(byte[] message, IncomingRequest request)
    {
        string name = NameOf(message.AsSpan(request.Name.Offset, request.Name.Length));
        ReadOnlySpan<byte> patternBytes = message.AsSpan(request.Pattern.Offset, request.Pattern.Length);
        if (!_subscriptions.TryNext(patternBytes, out string pattern, out RequestHandler? handler))
        {
            pattern = Encoding.UTF8.GetString(patternBytes);
            handler = null;
        }

        var source = new ReadOnlyMemory<byte>(message, request.Source.Offset, request.Source.Length);
        RequestType type = request.Sync ? RequestType.Sync : RequestType.Async;

        (bool inRequest, bool ended, TransId transId, uint timeout, long start) =
            (_inRequest, _currentEnded, _currentTransId, _currentTimeout, _currentStart);
        _inRequest = true;
        _currentEnded = false;
        _currentTransId = request.TransId;
        _currentTimeout = request.Timeout;
        _currentStart = Stopwatch.GetTimestamp();

        Reply reply = default;
        Exception? fatal = null;
        try
        {
            if (handler is not null)
            {
                reply = handler(type, name, pattern,
                    new ReadOnlyMemory<byte>(message, request.RequestInfo.Offset, request.RequestInfo.Length),
                    new ReadOnlyMemory<byte>(message, request.Request.Offset, request.Request.Length),
                    request.Timeout, request.Priority, request.TransId, source);
            }
        }
        catch (RequestEndedException)
        {
            // Return/Forward already sent the one message that ends the request.
        }
        catch (CloudITerminateException)
        {
            reply = default;
        }
        catch (CloudIMessageDecodingException e)
        {
            _terminate = true;
            reply = default;
            Console.Error.WriteLine(e);
        }
        catch (Exception e)
        {
            reply = default;
            Console.Error.WriteLine(e);
            if (FatalExceptions)
            {
                fatal = e;
            }
        }

        try
        {
            if (!_currentEnded && !_disposed)
            {
                WriteReturn(request.Sync, name, pattern, reply.ResponseInfo.Span, reply.Response.Span, request.Timeout,
                    request.TransId, source.Span);
                Send(_writer);
            }
        }
        catch (CloudITerminateException)
        {
            // The socket is gone; Poll reports the termination.
        }
        finally
        {
            (_inRequest, _currentEnded, _currentTransId, _currentTimeout, _currentStart) =
                (inRequest, ended, transId, timeout, start);
        }

        if (fatal is not null)
        {
            ExceptionDispatchInfo.Throw(fatal);
        }
    }

    private string NameOf(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.SequenceEqual(_lastNameBytes))
        {
            _lastNameBytes = bytes.ToArray();
            _lastName = Encoding.UTF8.GetString(bytes);
        }

        return _lastName;
    }

    /// <summary>
    /// 1.5.3 request_timeout_adjustment (done by the library in that version): an unchanged
    /// timeout is reduced by the time the handler has run.
    /// </summary>
    private uint AdjustTimeout(uint timeout, TransId transId)
    {
        if (!RequestTimeoutAdjustment || !_inRequest || transId != _currentTransId || timeout != _currentTimeout)
        {
            return timeout;
        }

        long elapsed = (long)Stopwatch.GetElapsedTime(_currentStart).TotalMilliseconds;
        return elapsed >= timeout ? 0 : timeout - (uint)elapsed;
    }

    /// <summary>After Return/Forward: inside the request's handler, end the handler.</summary>
    private void EndIfCurrent(TransId transId)
    {
        if (_inRequest && transId == _currentTransId)
        {
            _currentEnded = true;
            throw RequestEndedException.Instance;
        }
    }

    private void WriteReturn(bool sync, string name, string pattern, ReadOnlySpan<byte> responseInfo,
        ReadOnlySpan<byte> response, uint timeout, TransId transId, ReadOnlySpan<byte> source)
    {
        Span<byte> id = stackalloc byte[16];
        transId.WriteTo(id);
        _writer.Start().Tuple(8).Atom(sync ? Atoms.ReturnSync : Atoms.ReturnAsync)
            .String(name).String(pattern).Binary(responseInfo).Binary(response)
            .Integer64(AdjustTimeout(timeout, transId)).Binary(id).Term(source);
    }
}
