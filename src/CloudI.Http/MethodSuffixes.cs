namespace CloudI.Http;

/// <summary>The service name suffixes of HTTP methods (spec a.2, <c>use_method_suffix</c>).</summary>
internal static class MethodSuffixes
{
    /// <summary><c>/</c> + the lowercased method; PATCH as <paramref name="patch"/> says.</summary>
    public static string Of(string method, PatchSuffix patch) => method switch
    {
        "GET" => "/get",
        "POST" => "/post",
        "PUT" => "/put",
        "DELETE" => "/delete",
        "HEAD" => "/head",
        "OPTIONS" => "/options",
        "TRACE" => "/trace",
        "CONNECT" => "/connect",
        "PATCH" => patch == PatchSuffix.Patch ? "/patch" : "/connect",
        _ => "/" + method.ToLowerInvariant(),
    };

    /// <summary>Methods whose request is empty (the body, if any, is not read).</summary>
    public static bool HasNoRequest(string method) => method is "HEAD" or "OPTIONS" or "TRACE" or "CONNECT";
}
