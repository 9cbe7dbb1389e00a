namespace CloudI.Api;

/// <summary>
/// The runtime→library wire layout. The <c>init</c> message is identical in both, so the
/// runtime cannot tell the library's version: the service configuration and the library must
/// agree (runtime option <c>api_version</c>; library <see cref="CloudIApiOptions.WireVersion"/>
/// or the environment variable <c>CLOUDI_API_VERSION=1.5.3</c>).
/// </summary>
public enum ApiWireVersion
{
    /// <summary>CloudI 2.0.6 and later (INIT with fatal_exceptions and bind; the runtime adjusts request timeouts).</summary>
    Version20,

    /// <summary>CloudI 1.5.3 (INIT with request_timeout_adjustment, which the library then applies; no <c>shutdown</c>).</summary>
    Version153,
}
