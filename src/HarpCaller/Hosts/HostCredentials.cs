namespace HarpCaller.Hosts;

/// <summary>
/// The user name and password the dispatcher presents to a host's harpd.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> redacts the password so that logging or formatting this value
/// by accident cannot leak it.
/// </remarks>
public sealed record HostCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="user">The user name.</param>
    /// <param name="password">The password.</param>
    public HostCredentials(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        User = user;
        Password = password;
    }

    /// <summary>User name sent as <c>auth.user</c>.</summary>
    public string User { get; }

    /// <summary>Password sent as <c>auth.password</c>. Never log or display it.</summary>
    public string Password { get; }

    /// <summary>Returns a description with the password redacted.</summary>
    public override string ToString() => $"HostCredentials {{ User = {User}, Password = *** }}";
}
