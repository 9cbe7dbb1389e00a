namespace HarpCaller.Client;

/// <summary>
/// One call to submit: which procedure to run on which host, with which arguments and limits.
/// Optional members left <c>null</c> are not sent, so the dispatcher's configured defaults apply.
/// </summary>
public sealed record CallSpec
{
    /// <summary>Creates a call of <paramref name="procedure"/> on <paramref name="host"/> without arguments.</summary>
    public CallSpec(string host, string procedure)
    {
        Host = host;
        Procedure = procedure;
    }

    /// <summary>Target host name as known to the dispatcher's hosts registry.</summary>
    public string Host { get; init; }

    /// <summary>Name of the procedure to run.</summary>
    public string Procedure { get; init; }

    /// <summary>
    /// A JSON array (positional) or object (named arguments). <c>default</c> (JSON null) sends <c>[]</c>.
    /// Accepts a <see cref="System.Text.Json.JsonElement"/>, a <see cref="System.Text.Json.Nodes.JsonNode"/>
    /// or <see cref="JsonText.Parse"/> of raw text.
    /// </summary>
    public JsonText Arguments { get; init; }

    /// <summary>Longest wait between two messages from the daemon; must be positive.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Longest total run time; the dispatcher caps it at its configured value. Must be positive.</summary>
    public TimeSpan? MaxExecTime { get; init; }

    /// <summary>Name of the queue to run the call in; must be a JSON object. <c>null</c> = no queue.</summary>
    public JsonText? Queue { get; init; }

    /// <summary>
    /// Concurrency of the queue when this call creates it (dispatcher default 1). Requires <see cref="Queue"/>.
    /// </summary>
    public int? Concurrency { get; init; }

    /// <summary>Any JSON value, stored with the job and returned by status requests. <c>null</c> = not sent.</summary>
    public JsonText? Info { get; init; }

    /// <summary>Checks the spec before anything is sent, so misuse fails here and not as a dispatcher error.</summary>
    /// <exception cref="ArgumentException">A member has a value the protocol does not allow.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Host, nameof(Host));
        ArgumentNullException.ThrowIfNull(Procedure, nameof(Procedure));
        var kind = Arguments.ValueKind;
        if (Arguments != JsonText.Null && kind is not (System.Text.Json.JsonValueKind.Array or System.Text.Json.JsonValueKind.Object))
        {
            throw new ArgumentException("Arguments must be a JSON array or object.", nameof(Arguments));
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "The timeout must be positive.");
        }

        if (MaxExecTime is { } max && max <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxExecTime), max, "The maximum execution time must be positive.");
        }

        if (Queue is { } queue && queue.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            throw new ArgumentException("A queue name must be a JSON object.", nameof(Queue));
        }

        if (Concurrency is { } concurrency)
        {
            if (Queue is null)
            {
                throw new ArgumentException("Concurrency applies to a queue; set Queue as well.", nameof(Concurrency));
            }

            if (concurrency < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Concurrency), concurrency, "Concurrency must be at least 1.");
            }
        }
    }
}
