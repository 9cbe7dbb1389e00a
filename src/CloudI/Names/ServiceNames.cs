namespace CloudI.Names;

/// <summary>
/// Validation, prefix concatenation and single-pattern matching of CloudI service names and
/// patterns (runtime semantics §1.1, §1.2). Names are compared ordinally, character by
/// character; callers holding UTF-8 bytes decode them first (ASCII-only names, the common case,
/// behave exactly as CloudI's byte strings).
/// </summary>
public static class ServiceNames
{
    /// <summary>The wildcard matching one or more characters of any kind.</summary>
    public const char Star = '*';

    /// <summary>The 2.0.x wildcard matching up to the first occurrence of the next literal.</summary>
    public const char Question = '?';

    /// <summary>True when <paramref name="c"/> is a wildcard under <paramref name="flavor"/>.</summary>
    /// <param name="c">The character.</param>
    /// <param name="flavor">The name syntax.</param>
    public static bool IsWildcard(char c, ServiceNameFlavor flavor) =>
        c == Star || (c == Question && flavor == ServiceNameFlavor.Version20);

    /// <summary>True when <paramref name="value"/> contains a wildcard under <paramref name="flavor"/>.</summary>
    /// <param name="value">A name or pattern.</param>
    /// <param name="flavor">The name syntax.</param>
    public static bool IsPattern(string value, ServiceNameFlavor flavor)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (char c in value)
        {
            if (IsWildcard(c, flavor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot be used as a destination name, or null when it can:
    /// it must be non-empty and free of wildcards.
    /// </summary>
    /// <param name="name">The service name to check.</param>
    /// <param name="flavor">The name syntax.</param>
    public static string? NameError(string? name, ServiceNameFlavor flavor)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a service name must not be empty";
        }

        for (int i = 0; i < name.Length; i++)
        {
            if (IsWildcard(name[i], flavor))
            {
                return $"a service name must not contain the wildcard '{name[i]}' (at index {i})";
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="pattern"/> is not a valid service name pattern (or prefix), or null
    /// when it is. Forbidden: the empty string, <c>**</c>, and with the 2.0.x flavour also
    /// <c>??</c>, <c>*?</c>, <c>?*</c> and a trailing <c>?</c>.
    /// </summary>
    /// <param name="pattern">The full pattern or prefix to check.</param>
    /// <param name="flavor">The name syntax.</param>
    public static string? PatternError(string? pattern, ServiceNameFlavor flavor)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return "a service name pattern must not be empty";
        }

        for (int i = 1; i < pattern.Length; i++)
        {
            char previous = pattern[i - 1];
            char current = pattern[i];
            if (IsWildcard(previous, flavor) && IsWildcard(current, flavor))
            {
                return $"a service name pattern must not contain \"{previous}{current}\" (at index {i - 1})";
            }
        }

        if (flavor == ServiceNameFlavor.Version20 && pattern[^1] == Question)
        {
            return "a service name pattern must not end with '?'";
        }

        return null;
    }

    /// <summary>Throws <see cref="InvalidServiceNameException"/> unless <paramref name="pattern"/> is valid.</summary>
    /// <param name="pattern">The full pattern or prefix to check.</param>
    /// <param name="flavor">The name syntax.</param>
    public static void ValidatePattern(string? pattern, ServiceNameFlavor flavor)
    {
        string? error = PatternError(pattern, flavor);
        if (error is not null)
        {
            throw new InvalidServiceNameException($"{error}: \"{pattern}\"");
        }
    }

    /// <summary>Throws <see cref="InvalidServiceNameException"/> unless <paramref name="name"/> is a valid name.</summary>
    /// <param name="name">The service name to check.</param>
    /// <param name="flavor">The name syntax.</param>
    public static void ValidateName(string? name, ServiceNameFlavor flavor)
    {
        string? error = NameError(name, flavor);
        if (error is not null)
        {
            throw new InvalidServiceNameException($"{error}: \"{name}\"");
        }
    }

    /// <summary>
    /// The full pattern <c>prefix ++ suffix</c> that <c>subscribe</c>, <c>unsubscribe</c> and
    /// <c>subscribe_count</c> operate on, or the reason it is invalid. The suffix may be empty
    /// only with the 2.0.x flavour; the concatenation is checked as a whole because a valid
    /// prefix and suffix can still form <c>**</c> where they meet.
    /// </summary>
    /// <param name="prefix">The service's configured prefix.</param>
    /// <param name="suffix">The pattern given to subscribe.</param>
    /// <param name="flavor">The name syntax.</param>
    /// <param name="fullPattern">The concatenation when valid.</param>
    /// <param name="error">The reason when invalid.</param>
    public static bool TryConcat(
        string prefix, string suffix, ServiceNameFlavor flavor, out string fullPattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(suffix);
        fullPattern = string.Empty;
        error = PatternError(prefix, flavor);
        if (error is not null)
        {
            error = $"invalid prefix: {error}";
            return false;
        }

        if (suffix.Length == 0 && flavor == ServiceNameFlavor.Version153)
        {
            error = "the subscribed pattern must not be empty in CloudI 1.5.3";
            return false;
        }

        string full = prefix + suffix;
        error = PatternError(full, flavor);
        if (error is not null)
        {
            return false;
        }

        fullPattern = full;
        return true;
    }

    /// <summary>
    /// <c>prefix ++ suffix</c>, throwing <see cref="InvalidServiceNameException"/> when
    /// <see cref="TryConcat"/> would refuse it.
    /// </summary>
    /// <param name="prefix">The service's configured prefix.</param>
    /// <param name="suffix">The pattern given to subscribe.</param>
    /// <param name="flavor">The name syntax.</param>
    public static string Concat(string prefix, string suffix, ServiceNameFlavor flavor)
    {
        if (!TryConcat(prefix, suffix, flavor, out string full, out string? error))
        {
            throw new InvalidServiceNameException($"{error}: \"{prefix}\" ++ \"{suffix}\"");
        }

        return full;
    }

    /// <summary>
    /// Matches one name against one pattern with the semantics of the lookup (§1.3), returning
    /// the wildcard parts, or null when it does not match or either argument is invalid.
    /// </summary>
    /// <param name="pattern">A valid pattern.</param>
    /// <param name="name">A valid name.</param>
    /// <param name="flavor">The name syntax.</param>
    public static IReadOnlyList<string>? Match(string pattern, string name, ServiceNameFlavor flavor)
    {
        if (PatternError(pattern, flavor) is not null)
        {
            return null;
        }

        return PatternTrie<bool>.Empty(flavor).SetItem(pattern, true).Match(name)?.WildcardParts;
    }

    /// <summary>True when <paramref name="name"/> matches <paramref name="pattern"/>.</summary>
    /// <param name="pattern">A valid pattern.</param>
    /// <param name="name">A valid name.</param>
    /// <param name="flavor">The name syntax.</param>
    public static bool IsMatch(string pattern, string name, ServiceNameFlavor flavor) =>
        Match(pattern, name, flavor) is not null;
}
