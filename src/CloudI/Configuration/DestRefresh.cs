using CloudI.Subscriptions;

namespace CloudI.Configuration;

/// <summary>
/// A destination refresh method (<c>dest_refresh</c>, semantics §3): one of the 14
/// <c>lazy_</c>/<c>immediate_</c> atoms or <c>none</c>, split into its freshness and its choice rule.
/// </summary>
/// <param name="Mode">How fresh the registry view is.</param>
/// <param name="Rule">Which candidate is chosen; <see cref="DestinationRule.None"/> exactly when <paramref name="Mode"/> is <see cref="DestRefreshMode.None"/>.</param>
public readonly record struct DestRefresh(DestRefreshMode Mode, DestinationRule Rule)
{
    /// <summary>The default method, <c>immediate_closest</c>.</summary>
    public static DestRefresh Default => new(DestRefreshMode.Immediate, DestinationRule.Closest);

    /// <summary>The <c>none</c> method.</summary>
    public static DestRefresh None => new(DestRefreshMode.None, DestinationRule.None);

    /// <summary>
    /// Parses a configuration atom name (<c>lazy_closest</c> … <c>immediate_oldest</c>, <c>none</c>);
    /// false for anything else, so callers can report their own error reason.
    /// </summary>
    /// <param name="atom">The atom's name.</param>
    /// <param name="value">The method when recognised.</param>
    public static bool TryParse(string atom, out DestRefresh value)
    {
        value = default;
        if (atom is null)
        {
            return false;
        }

        if (atom == "none")
        {
            value = None;
            return true;
        }

        DestRefreshMode mode;
        string rest;
        if (atom.StartsWith("lazy_", StringComparison.Ordinal))
        {
            mode = DestRefreshMode.Lazy;
            rest = atom["lazy_".Length..];
        }
        else if (atom.StartsWith("immediate_", StringComparison.Ordinal))
        {
            mode = DestRefreshMode.Immediate;
            rest = atom["immediate_".Length..];
        }
        else
        {
            return false;
        }

        DestinationRule? rule = rest switch
        {
            "closest" => DestinationRule.Closest,
            "furthest" => DestinationRule.Furthest,
            "random" => DestinationRule.Random,
            "local" => DestinationRule.Local,
            "remote" => DestinationRule.Remote,
            "newest" => DestinationRule.Newest,
            "oldest" => DestinationRule.Oldest,
            _ => null,
        };
        if (rule is null)
        {
            return false;
        }

        value = new DestRefresh(mode, rule.Value);
        return true;
    }

    /// <summary>The configuration atom, so the method can be written back as it was given.</summary>
    public override string ToString()
    {
        if (Mode == DestRefreshMode.None || Rule == DestinationRule.None)
        {
            return "none";
        }

        string prefix = Mode == DestRefreshMode.Lazy ? "lazy_" : "immediate_";
        return prefix + Rule switch
        {
            DestinationRule.Closest => "closest",
            DestinationRule.Furthest => "furthest",
            DestinationRule.Random => "random",
            DestinationRule.Local => "local",
            DestinationRule.Remote => "remote",
            DestinationRule.Newest => "newest",
            DestinationRule.Oldest => "oldest",
            _ => Rule.ToString().ToLowerInvariant(),
        };
    }
}
