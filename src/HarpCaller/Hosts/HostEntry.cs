using System.Text.Json;

namespace HarpCaller.Hosts;

/// <summary>
/// One host of the hosts registry, as the filler script described it.
/// </summary>
/// <remarks>
/// <see cref="Port"/> is kept as the JSON value the script printed: the spec only requires the
/// key to be present, and a port outside 1..65535 (or not a number) is reported when a job
/// starts (<c>network_error</c>, <c>bad_address</c>), not when the registry is filled.
/// <see cref="ToString"/> never includes the credentials.
/// </remarks>
public sealed record HostEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="hostname">Name clients use in calls.</param>
    /// <param name="address">Address (IP or DNS name) to connect to.</param>
    /// <param name="port">The <c>port</c> JSON value as given; it is cloned, so the source document may be disposed.</param>
    /// <param name="credentials">Credentials for the host's harpd.</param>
    public HostEntry(string hostname, string address, JsonElement port, HostCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(credentials);
        if (port.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The port must be a JSON value.", nameof(port));
        }

        Hostname = hostname;
        Address = address;
        // Clone detaches the value from a pooled JsonDocument the caller will dispose;
        // cloning an already cloned element allocates nothing.
        Port = port.Clone();
        Credentials = credentials;
    }

    /// <summary>Name clients use in calls (matched exactly, case-sensitively).</summary>
    public string Hostname { get; }

    /// <summary>Address to connect to, as given; validated when a job starts.</summary>
    public string Address { get; }

    /// <summary>The <c>port</c> JSON value exactly as the script printed it (numbers keep their text).</summary>
    public JsonElement Port { get; }

    /// <summary>Credentials for the host's harpd. Never shown by <c>hosts-list</c> or in logs.</summary>
    public HostCredentials Credentials { get; }

    /// <summary>
    /// Gets the TCP port when <see cref="Port"/> is a JSON integer in 1..65535.
    /// </summary>
    /// <param name="port">The port, or 0 when the value is unusable.</param>
    /// <returns>False when the job using this host must end with <c>bad_address</c>.</returns>
    public bool TryGetPort(out int port)
    {
        // A string "4306" or 4306.0 is not accepted: the spec asks for a port number, and
        // guessing at other spellings would hide a broken filler script.
        if (Port.ValueKind == JsonValueKind.Number && Port.TryGetInt32(out int value) && value is >= 1 and <= 65535)
        {
            port = value;
            return true;
        }

        port = 0;
        return false;
    }

    /// <summary>Value equality; ports compare by their JSON text.</summary>
    /// <param name="other">The entry to compare with.</param>
    public bool Equals(HostEntry? other) =>
        other is not null
        && string.Equals(Hostname, other.Hostname, StringComparison.Ordinal)
        && string.Equals(Address, other.Address, StringComparison.Ordinal)
        && string.Equals(Port.GetRawText(), other.Port.GetRawText(), StringComparison.Ordinal)
        && Credentials.Equals(other.Credentials);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(Hostname),
            StringComparer.Ordinal.GetHashCode(Address),
            StringComparer.Ordinal.GetHashCode(Port.GetRawText()));

    /// <summary>Returns a description without the credentials.</summary>
    public override string ToString() =>
        $"HostEntry {{ Hostname = {Hostname}, Address = {Address}, Port = {Port.GetRawText()}, Credentials = *** }}";
}
