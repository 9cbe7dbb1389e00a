using System.Text;

namespace CloudI.External.Launch;

/// <summary>
/// Builds the child's environment block (spec §1.3): exactly the configured entries after substitution plus
/// the eight <c>CLOUDI_API_INIT_*</c> variables; nothing is inherited from the runtime.
/// </summary>
public static class ExternalEnvironment
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>
    /// The substitution lookup of spec §1.5: the <c>CLOUDI_API_INIT_*</c> values first, then
    /// <paramref name="processEnvironment"/> (the runtime's own environment).
    /// </summary>
    public static Func<string, string?> CreateLookup(ApiInitVariables init, Func<string, string?> processEnvironment)
    {
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(processEnvironment);
        return name => init.Lookup(name) ?? processEnvironment(name);
    }

    /// <summary>
    /// Returns the <c>KEY=VALUE</c> list: configured entries in order with keys and values substituted, those
    /// whose value expands to "" omitted, those named like a <c>CLOUDI_API_INIT_*</c> variable replaced by it;
    /// then the eight variables.
    /// </summary>
    /// <exception cref="LaunchException">
    /// <c>service_external_env_invalid_expanded</c> when a name expands to "" (or contains '=' or NUL, or a value contains NUL);
    /// <c>service_external_env_invalid_unicode</c> for unpaired surrogates.
    /// </exception>
    public static IReadOnlyList<string> Build(IEnumerable<KeyValuePair<string, string>> configured,
        ApiInitVariables init, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(lookup);
        var result = new List<string>();
        foreach ((string rawKey, string rawValue) in configured)
        {
            string key = VariableSubstitution.Expand(rawKey ?? "", lookup);
            string value = VariableSubstitution.Expand(rawValue ?? "", lookup);
            if (key.Length == 0)
                throw new LaunchException(LaunchReasons.EnvInvalidExpanded, $"env name \"{rawKey}\" expands to the empty string");
            if (key.Contains('=') || key.Contains('\0') || value.Contains('\0'))
                throw new LaunchException(LaunchReasons.EnvInvalidExpanded, $"env entry \"{rawKey}\" contains '=' in its name or a NUL character");
            CheckUnicode(key);
            CheckUnicode(value);
            if (value.Length == 0 || init.Lookup(key) is not null)
                continue;
            result.Add(key + "=" + value);
        }
        result.AddRange(init.ToEntries());
        return result;
    }

    private static void CheckUnicode(string text)
    {
        try
        {
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw new LaunchException(LaunchReasons.EnvInvalidUnicode, "env entry is not valid Unicode after substitution");
        }
    }
}
