namespace HarpCaller.TestHarpd;

/// <summary>
/// Names of the procedures <see cref="TestHarpd"/> serves, and the fixed values some of them
/// return. Arguments may be given as a list (positions as documented) or as an object (the names
/// in parentheses); anything unusable gets the acknowledgement and then
/// <c>{"exception":{"type":"bad_arguments",...}}</c>.
/// </summary>
public static class TestHarpdProcedures
{
    /// <summary>Returns its arguments exactly as received (numbers as written).</summary>
    public const string Echo = "echo";

    /// <summary><c>[V]</c> (value): returns V.</summary>
    public const string Return = "return";

    /// <summary>
    /// <c>[N]</c> or <c>[N, delay_ms]</c> (count, delay_ms): N packets <c>{"stream":i}</c>, i = 0..N-1,
    /// <c>delay_ms</c> apart, then <c>{"result":N}</c>.
    /// </summary>
    public const string Stream = "stream";

    /// <summary><c>[list]</c> (values): one packet per element of list, then result <c>"done"</c>.</summary>
    public const string StreamValues = "stream_values";

    /// <summary><c>[type, message]</c> or <c>[type, message, data]</c>: <c>{"exception":{...}}</c> after the acknowledgement.</summary>
    public const string Raise = "raise";

    /// <summary>
    /// <c>[seconds]</c> (seconds): acknowledges, waits, then returns <c>"slept"</c>. The wait ends
    /// early, closing the connection, when the peer closes (which is how a call is cancelled).
    /// </summary>
    public const string Sleep = "sleep";

    /// <summary><c>[n, seconds]</c> (count, seconds): n packets (0..n-1), a wait, then result n.</summary>
    public const string StreamSleep = "stream_sleep";

    /// <summary>Acknowledges, then sends a line that is not JSON (and not UTF-8).</summary>
    public const string Garbage = "garbage";

    /// <summary>Sends a line that is not JSON instead of the acknowledgement, then closes.</summary>
    public const string GarbageBeforeAck = "garbage_before_ack";

    /// <summary><c>[n]</c> (count): a streaming acknowledgement, n packets, then closes without a result (no TLS close_notify).</summary>
    public const string Drop = "drop";

    /// <summary>Closes right after reading the request, sending nothing (no TLS close_notify).</summary>
    public const string CloseImmediately = "close_immediately";

    /// <summary>
    /// <c>[]</c> or <c>[seconds]</c> (seconds, default 600): sends nothing and holds the connection
    /// until the peer closes it, the daemon stops, or the time is up.
    /// </summary>
    public const string StallBeforeAck = "stall_before_ack";

    /// <summary>
    /// <c>[megabytes]</c> (megabytes, default 100; or object form with <c>bytes</c>): acknowledges,
    /// then one line <c>{"result":"xxx…"}</c> whose string has megabytes × 1 MiB characters,
    /// written in chunks.
    /// </summary>
    public const string HugeLine = "huge_line";

    /// <summary><c>[type, message]</c> or <c>[type, message, data]</c>: <c>{"harp":1,"error":{...}}</c> instead of the acknowledgement, then closes.</summary>
    public const string ErrorBeforeAck = "error_before_ack";

    /// <summary><c>[type, message]</c> or <c>[type, message, data]</c>: acknowledges, then <c>{"harp":1,"error":{...}}</c>, then closes.</summary>
    public const string ErrorAfterAck = "error_after_ack";

    /// <summary>Sends <c>{"result":"early"}</c> without an acknowledgement, then closes (a protocol violation).</summary>
    public const string ResultBeforeAck = "result_before_ack";

    /// <summary>Acknowledges with an extra key <c>"extra"</c>, then result <c>"ok"</c> (a protocol violation).</summary>
    public const string AckExtraKeys = "ack_extra_keys";

    /// <summary>Acknowledges as a plain procedure (<c>stream_result</c> false), then sends a stream packet and result <c>"ok"</c> (a protocol violation).</summary>
    public const string StreamAfterPlainAck = "stream_after_plain_ack";

    /// <summary>
    /// <c>[]</c> or <c>[variant]</c> (variant): <c>{"harp":1,"error":E}</c> with a malformed E, then
    /// closes. Variants: <c>missing_message</c> (default), <c>missing_type</c>,
    /// <c>non_string_type</c>, <c>non_string_message</c>, <c>not_an_object</c>.
    /// </summary>
    public const string BadErrorObject = "bad_error_object";

    /// <summary>Returns <see cref="UnicodeResultJson"/>.</summary>
    public const string Unicode = "unicode";

    /// <summary>
    /// Text with Latin-1, BMP (CJK, U+2028 LINE SEPARATOR) and non-BMP (U+1F600) characters.
    /// </summary>
    public const string UnicodeText = "caf\u00e9 \u2014 \u65e5\u672c\u8a9e \u2603 \U0001F600 \u2028end";

    /// <summary>
    /// The result of <see cref="Unicode"/> as compact UTF-8 JSON (on the wire it is Python-style
    /// escaped unless <see cref="TestHarpdOptions.PythonStyleJson"/> is off): an object with
    /// <c>text</c> = <see cref="UnicodeText"/>, <c>emoji</c> = U+1F600 and a non-ASCII key.
    /// </summary>
    public const string UnicodeResultJson = "{\"text\":\"" + UnicodeText + "\",\"emoji\":\"\U0001F600\",\"cl\u00e9\":\"\u00fcber\"}";
}
