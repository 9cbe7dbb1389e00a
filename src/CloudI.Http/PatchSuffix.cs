namespace CloudI.Http;

/// <summary>
/// The service name suffix of a PATCH request (<c>patch_method_suffix</c>, an argument of this
/// implementation). CloudI 1.5.3 and 2.0.7 send PATCH to <c>…/connect</c>, a long-standing
/// defect; the default here is the intended <c>…/patch</c>, and <c>connect</c> restores the
/// reference behaviour for services already subscribed that way.
/// </summary>
public enum PatchSuffix
{
    /// <summary><c>/patch</c> (the default).</summary>
    Patch,

    /// <summary><c>/connect</c>, as the reference does.</summary>
    Connect,
}
