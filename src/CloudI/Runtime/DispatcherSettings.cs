using CloudI.Configuration;
using CloudI.Names;
using CloudI.Subscriptions;

namespace CloudI.Runtime;

/// <summary>
/// The per-service values a dispatcher consults on every send and receive, resolved once when
/// the service starts (ACL references included, so later <c>acl_add</c> calls do not change a
/// running service).
/// </summary>
internal sealed class DispatcherSettings
{
    public string Prefix { get; init; } = "/";

    public ServiceNameFlavor Flavor { get; init; } = ServiceNameFlavor.Version20;

    public DestRefresh DestRefresh { get; init; } = DestRefresh.Default;

    public uint TimeoutAsync { get; init; } = 5000;

    public uint TimeoutSync { get; init; } = 5000;

    public IReadOnlyList<string>? DenyPatterns { get; init; }

    public IReadOnlyList<string>? AllowPatterns { get; init; }

    public ServiceOptions Options { get; init; } = ServiceOptions.Default;

    public sbyte PriorityDefault => (sbyte)Options.PriorityDefault;

    public DestinationRule Rule => DestRefresh.Rule;

    public bool CanSend => DestRefresh.Mode != DestRefreshMode.None;

    /// <summary>§4: empty name denied; deny list match denied; allow list present and no match denied.</summary>
    public bool Allows(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        if (DenyPatterns is { } deny)
        {
            foreach (string pattern in deny)
            {
                if (ServiceNames.IsMatch(pattern, name, Flavor))
                {
                    return false;
                }
            }
        }

        if (AllowPatterns is { } allow)
        {
            foreach (string pattern in allow)
            {
                if (ServiceNames.IsMatch(pattern, name, Flavor))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }
}
