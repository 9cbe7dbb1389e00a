using CloudI.Services;
using Erlang.Terms;

namespace CloudI.TestServices;

/// <summary>Reads <c>{subscribe, "pattern"}</c> (repeatable) and <c>{fail, "message"}</c> from a service's args.</summary>
internal static class Args
{
    public static List<string> Strings(IReadOnlyList<ErlangTerm> args, string key)
    {
        var values = new List<string>();
        foreach (ErlangTerm arg in args)
        {
            if (arg is ErlangTuple { Arity: 2 } tuple && tuple[0] is ErlangAtom atom && atom.Name == key
                && tuple[1] is ErlangList list && list.TryGetString(out string value))
            {
                values.Add(value);
            }
        }

        return values;
    }

    public static void Subscribe(IReadOnlyList<ErlangTerm> args, ServiceDispatcher dispatcher, string fallback)
    {
        List<string> patterns = Strings(args, "subscribe");
        foreach (string pattern in patterns.Count > 0 ? patterns : [fallback])
        {
            dispatcher.Subscribe(pattern);
        }
    }
}

/// <summary>Replies with the request (subscribes <c>echo</c> unless told otherwise).</summary>
public sealed class Echo : CloudIService
{
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        Args.Subscribe(args, dispatcher, "echo");
        return ValueTask.CompletedTask;
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.Reply(request.Request));
}

/// <summary>Replies with the request's text reversed (subscribes <c>reverse</c> unless told otherwise).</summary>
public sealed class Reverse : CloudIService
{
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        Args.Subscribe(args, dispatcher, "reverse");
        return ValueTask.CompletedTask;
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        char[] text = System.Text.Encoding.UTF8.GetString(request.Request.Span).ToCharArray();
        Array.Reverse(text);
        return new(RequestResult.Reply(new string(text)));
    }
}

/// <summary>Replies with how many requests this process has handled (subscribes <c>count</c> unless told otherwise).</summary>
public sealed class Counter : CloudIService
{
    private long _count;

    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        Args.Subscribe(args, dispatcher, "count");
        return ValueTask.CompletedTask;
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) =>
        new(RequestResult.Reply((++_count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>Forwards every request to the name in <c>{to, "name"}</c> (subscribes <c>forward</c> unless told otherwise).</summary>
public sealed class Forward : CloudIService
{
    private string _to = "/echo";

    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        Args.Subscribe(args, dispatcher, "forward");
        _to = Args.Strings(args, "to") is [string to, ..] ? to : _to;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) =>
        new(RequestResult.Forward(_to, request.RequestInfo, request.Request));
}

/// <summary>Fails its initialisation with the message in <c>{fail, "message"}</c>.</summary>
public sealed class FailInit : CloudIService
{
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Args.Strings(args, "fail") is [string message, ..] ? message : "init failed on purpose");

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.NoReply);
}

/// <summary>Takes <c>{terminate_ms, "N"}</c> milliseconds to terminate (to see stops wait for it).</summary>
public sealed class SlowStop : CloudIService
{
    // Processes of one service terminate concurrently: their appends must not overwrite each other.
    private static readonly SemaphoreSlim s_marker = new(1, 1);
    private int _terminateMs = 300;

    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        Args.Subscribe(args, dispatcher, "slow");
        if (Args.Strings(args, "terminate_ms") is [string ms, ..])
        {
            _terminateMs = int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.Reply("slow"));

    public override async ValueTask TerminateAsync(string reason, uint timeout, CancellationToken cancellationToken)
    {
        await Task.Delay(_terminateMs, CancellationToken.None).ConfigureAwait(false);
        string? marker = Environment.GetEnvironmentVariable("CLOUDI_TEST_TERMINATED");
        if (marker is not null)
        {
            await s_marker.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await File.AppendAllTextAsync(marker, $"terminated {reason}\n", CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                s_marker.Release();
            }
        }
    }
}

/// <summary>Takes <c>{init_ms, "N"}</c> milliseconds to initialise (default 1000).</summary>
public sealed class SlowInit : CloudIService
{
    public override async ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        Args.Subscribe(args, dispatcher, "slow_init");
        int ms = Args.Strings(args, "init_ms") is [string text, ..]
            ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : 1000;
        await Task.Delay(ms, cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.Reply("ready"));
}

/// <summary>
/// Replies with its code version (subscribes <c>version</c>), after <c>{delay_ms, N}</c> when given.
/// The tests patch the version string in a copy of this assembly to load a "new release" of it.
/// </summary>
public sealed class Version : CloudIService
{
    /// <summary>The string the update tests rewrite in the assembly's bytes (same length).</summary>
    public const string Code = "code-version-1";

    private int _delay;

    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        foreach (ErlangTerm arg in args)
        {
            if (arg is ErlangTuple { Arity: 2 } t && t[0] is ErlangAtom { Name: "delay_ms" } && t[1] is ErlangInteger i
                && i.TryGetInt32(out int ms))
            {
                _delay = ms;
            }
        }

        Args.Subscribe(args, dispatcher, "version");
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        if (_delay > 0)
        {
            await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
        }

        // Read through a field the JIT cannot fold, so the patched bytes are what answers.
        return RequestResult.Reply(System.Text.Encoding.UTF8.GetBytes(CurrentCode()));
    }

    private static string CurrentCode() => new string(Code.AsSpan());
}
