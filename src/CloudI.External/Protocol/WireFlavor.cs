namespace CloudI.External.Protocol;

/// <summary>
/// The wire layout spoken to an external service. The library's <c>init</c> message is identical in
/// both versions, so the flavour cannot be detected and must be configured (spec §5.3).
/// </summary>
public enum WireFlavor
{
    /// <summary>CloudI 1.5.3 layout (INIT without fatal_exceptions/bind, REINIT with only the count).</summary>
    Version153,

    /// <summary>CloudI 2.0.6+ layout (2.0.7 included).</summary>
    Version20,
}
