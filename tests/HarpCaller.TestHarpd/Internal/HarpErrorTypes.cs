namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// Values of <c>error.type</c> in <c>{"harp":1,"error":...}</c> lines, as the original harpd
/// names them (protocol spec section 2), plus the exception type used for bad arguments.
/// </summary>
internal static class HarpErrorTypes
{
    public const string ParseError = "parse_error";
    public const string InvalidRequest = "invalid_request";
    public const string AuthError = "auth_error";
    public const string NoSuchProcedure = "no_such_procedure";
    public const string Timeout = "timeout";
    public const string ReadError = "read_error";
    public const string SystemError = "system_error";

    /// <summary>Exception type (not error type) reported when a built-in gets unusable arguments.</summary>
    public const string BadArguments = "bad_arguments";
}
