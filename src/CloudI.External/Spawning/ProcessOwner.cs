namespace CloudI.External.Spawning;

/// <summary>
/// The <c>owner</c> service option: run the child as another user and/or group (needs
/// privileges). Each value is a numeric id or a name. Without <see cref="Group"/> the user's
/// primary group is used (seed semantics). Applied through <c>setpriv</c>.
/// </summary>
/// <param name="User">User id or name; null keeps the runtime's user.</param>
/// <param name="Group">Group id or name; null uses the user's primary group (or keeps the runtime's).</param>
public sealed record ProcessOwner(string? User = null, string? Group = null);
