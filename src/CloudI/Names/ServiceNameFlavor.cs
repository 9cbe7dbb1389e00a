namespace CloudI.Names;

/// <summary>
/// Which CloudI version's name syntax applies. The two differ only in the <c>?</c> wildcard,
/// which 1.5.3 treats as an ordinary character and 2.0.x as a wildcard.
/// </summary>
public enum ServiceNameFlavor
{
    /// <summary>CloudI 1.5.3: <c>*</c> is the only wildcard; <c>?</c> is a literal character.</summary>
    Version153,

    /// <summary>CloudI 2.0.x: <c>*</c> and <c>?</c> are wildcards.</summary>
    Version20,
}
