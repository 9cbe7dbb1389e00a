namespace CloudI.Configuration;

/// <summary>
/// The <c>owner</c> option of an external service: the user and/or group its OS processes run as
/// (the launcher applies them with setgid/setuid). Without a group the user's group is used.
/// </summary>
/// <param name="User">The user, if set.</param>
/// <param name="Group">The group, if set.</param>
public sealed record OwnerSpec(OwnerId? User, OwnerId? Group);
