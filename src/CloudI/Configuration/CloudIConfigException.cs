using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// A configuration error, in CloudI's <c>{error, {Reason, Term}}</c> style, with where it is in
/// the configuration file when there is one. The message is
/// <c>"file:line:column: reason: term"</c> (the position part is left out when unknown).
/// </summary>
/// <remarks>
/// Reasons (<see cref="Reason"/>), named as CloudI 1.5.x names them; <c>{type}</c> is
/// <c>internal</c> or <c>external</c>:
/// <list type="bullet">
/// <item><c>configuration_invalid</c>: a top-level term other than one of <c>acl</c>, <c>services</c>, <c>nodes</c>, <c>logging</c>, or one given twice.</item>
/// <item><c>acl_invalid</c>, <c>acl_cyclic</c>, <c>acl_not_found</c>: ACL definitions and references (semantics §4).</item>
/// <item><c>service_invalid</c>: neither tuple form nor a proplist whose type can be inferred; <c>service_{type}_invalid</c>: wrong tuple size, unknown or repeated proplist key.</item>
/// <item><c>service_{type}_prefix_invalid</c>, <c>service_internal_module_invalid</c>, <c>service_{type}_args_invalid</c>,
/// <c>service_external_file_path_invalid</c>, <c>service_external_env_invalid</c>, <c>service_{type}_dest_refresh_invalid</c>,
/// <c>service_external_protocol_invalid</c>, <c>service_external_buffer_size_invalid</c>,
/// <c>service_{type}_timeout_init_invalid</c>, <c>service_{type}_timeout_async_invalid</c>, <c>service_{type}_timeout_sync_invalid</c>,
/// <c>service_{type}_dest_list_deny_invalid</c>, <c>service_{type}_dest_list_allow_invalid</c> (also: a list with <c>dest_refresh</c> <c>none</c>),
/// <c>service_{type}_count_process_invalid</c>, <c>service_external_count_thread_invalid</c>,
/// <c>service_{type}_max_r_invalid</c>, <c>service_{type}_max_t_invalid</c>, <c>service_{type}_max_t_increase</c>,
/// <c>service_{type}_options_invalid</c> (the options are not a list).</item>
/// <item><c>service_options_invalid</c>: an unknown or repeated option, an option of the other service type, <c>duo_mode</c> without <c>info_pid_uses</c> <c>infinity</c>.</item>
/// <item><c>service_options_{option}_invalid</c> for <c>priority_default</c>, <c>queue_limit</c>, <c>queue_size</c>, <c>rate_request_max</c>,
/// <c>dest_refresh_start</c>, <c>dest_refresh_delay</c>, <c>request_name_lookup</c>, <c>request_timeout_adjustment</c>,
/// <c>request_timeout_immediate_max</c>, <c>response_timeout_adjustment</c>, <c>response_timeout_immediate_max</c>,
/// <c>count_process_dynamic</c>, <c>timeout_terminate</c>, <c>scope</c>, <c>monkey_latency</c>, <c>monkey_chaos</c>,
/// <c>limit</c>, <c>owner</c>, <c>directory</c>, <c>api_version</c>, <c>aspects_init</c>, <c>aspects_request</c>, <c>aspects_info</c>,
/// <c>aspects_terminate</c>, <c>duo_mode</c>, <c>hibernate</c>, <c>reload</c>, <c>application_name</c>, <c>automatic_loading</c>,
/// <c>dispatcher_pid_options</c>, <c>init_pid_options</c>, <c>request_pid_uses</c>, <c>request_pid_options</c>,
/// <c>info_pid_uses</c>, <c>info_pid_options</c>; and <c>service_options_timeout_terminate_decrease</c> (semantics §9.2).</item>
/// <item><c>node_invalid</c>: the <c>nodes</c> section; <c>logging_invalid</c>, <c>logging_level_invalid</c>, <c>logging_file_invalid</c>: the <c>logging</c> section.</item>
/// </list>
/// </remarks>
public sealed class CloudIConfigException : Exception
{
    /// <summary>How many characters of the offending term the message shows.</summary>
    public const int MaxTermTextLength = 200;

    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The CloudI-style error atom.</param>
    /// <param name="term">The offending term, if any.</param>
    /// <param name="detail">An optional human explanation appended to the message.</param>
    /// <param name="position">Where the term is in the configuration file, if known.</param>
    /// <param name="fileName">The file name when no position is known.</param>
    public CloudIConfigException(
        string reason, ErlangTerm? term, string? detail = null, SourcePosition? position = null, string? fileName = null)
        : base(FormatMessage(reason, term, detail, position, fileName))
    {
        Reason = reason;
        Term = term;
        Detail = detail;
        FileName = position?.FileName ?? fileName;
        Line = position?.Line;
        Column = position?.Column;
    }

    /// <summary>The CloudI-style error atom, such as <c>service_options_invalid</c>.</summary>
    public string Reason { get; }

    /// <summary>The offending term (the second element of CloudI's error tuple).</summary>
    public ErlangTerm? Term { get; }

    /// <summary>A human explanation beyond the reason, or null.</summary>
    public string? Detail { get; }

    /// <summary>The configuration file, or null for terms not read from a file.</summary>
    public string? FileName { get; }

    /// <summary>1-based line of the offending term, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column of the offending term, when known.</summary>
    public int? Column { get; }

    /// <summary>The term as Erlang text, cut to <see cref="MaxTermTextLength"/> characters.</summary>
    public static string TermText(ErlangTerm? term)
    {
        if (term is null)
        {
            return "undefined";
        }

        string text = term.ToString();
        return text.Length <= MaxTermTextLength ? text : string.Concat(text.AsSpan(0, MaxTermTextLength), "...");
    }

    private static string FormatMessage(
        string reason, ErlangTerm? term, string? detail, SourcePosition? position, string? fileName)
    {
        string where = position is { } p ? $"{p}: " : fileName is not null ? $"{fileName}: " : string.Empty;
        string message = $"{where}{reason}: {TermText(term)}";
        return detail is null ? message : $"{message} ({detail})";
    }
}
