using Toml;

namespace HarpCaller.Configuration.Internal;

/// <summary>Readers for the keys whose values have their own rules.</summary>
internal sealed partial class ConfigSection
{
    /// <summary>
    /// Longest duration in seconds: timers and CancelAfter take at most 2^32-2 ms (about 49.7 days),
    /// and a longer timeout or refresh period is a mistake, not an intent.
    /// </summary>
    private const double MaxSeconds = 4_294_967;

    /// <summary>Longest max_age: a century of job history is beyond any real retention policy.</summary>
    private const double MaxHours = 876_000;

    /// <summary>
    /// Bounds of client_max_line_bytes: below 1 KiB a call with a few arguments no longer fits;
    /// above 1 GiB one client could hold that much memory per connection.
    /// </summary>
    private const long MinLineBytes = 1024;
    private const long MaxLineBytes = 1024 * 1024 * 1024;

    private static readonly string[] KnownLogHandlers = ["harpcaller_stdout_h", "harpcaller_syslog_h"];

    private static readonly string[] NameTypes = ["longnames", "shortnames"];

    private static readonly (string Text, HarpdTlsVersion Version)[] TlsVersions =
    [
        ("1.0", HarpdTlsVersion.Tls10), ("1.1", HarpdTlsVersion.Tls11), ("1.2", HarpdTlsVersion.Tls12), ("1.3", HarpdTlsVersion.Tls13),
    ];

    internal TimeSpan? ReadSeconds(string key) =>
        ReadDuration(key, "seconds", MaxSeconds, "about 49 days", TimeSpan.FromSeconds(1));

    internal TimeSpan? ReadHours(string key) =>
        ReadDuration(key, "hours", MaxHours, "100 years", TimeSpan.FromHours(1));

    internal int? ReadLineBytes(string key) =>
        (int?)ReadInteger(key, MinLineBytes, MaxLineBytes, $"must be a number of bytes from {MinLineBytes} to {MaxLineBytes}");

    /// <summary>listen: a non-empty array of "bind:port" strings, no address listed twice.</summary>
    internal IReadOnlyList<ListenAddress>? ReadListen(string key)
    {
        var entries = ReadStringArray(key, "must be an array of \"bind:port\" strings");
        if (entries is null)
        {
            return null;
        }

        if (entries.Count == 0)
        {
            throw Fail(key, "must list at least one \"bind:port\" address");
        }

        var addresses = new List<ListenAddress>(entries.Count);
        foreach (var (text, line) in entries)
        {
            if (!ListenAddressParser.TryParse(text, out var address, out var reason))
            {
                throw Fail(key, line, $"{Quote(text)} is not a valid \"bind:port\" address: {reason}");
            }

            // Port 0 (any free port) may appear twice; a fixed port twice could never bind.
            if (address.Port != 0 && addresses.Contains(address))
            {
                throw Fail(key, line, $"{Quote(text)} is listed twice");
            }

            addresses.Add(address);
        }

        return addresses;
    }

    /// <summary>log_handlers: names of the manual's handlers, as written in existing files. An empty list is allowed.</summary>
    internal IReadOnlyList<string>? ReadLogHandlers(string key)
    {
        var entries = ReadStringArray(key, "must be an array of log handler names");
        if (entries is null)
        {
            return null;
        }

        foreach (var (text, line) in entries)
        {
            if (!KnownLogHandlers.Contains(text, StringComparer.Ordinal))
            {
                throw Fail(key, line, $"unknown log handler {Quote(text)} (known: {string.Join(", ", KnownLogHandlers)})");
            }
        }

        return entries.Select(e => e.Text).ToList();
    }

    /// <summary>An array of strings read for validation only (keys kept for drop-in compatibility).</summary>
    internal void ValidateStringArray(string key) => ReadStringArray(key, "must be an array of strings");

    /// <summary>harpd_tls_min_version: a quoted version; an unquoted 1.2 is a float and is refused with the same message.</summary>
    internal HarpdTlsVersion? ReadTlsVersion(string key)
    {
        var text = ReadChoice(key, TlsVersions.Select(v => v.Text).ToArray());
        return text is null ? null : TlsVersions.First(v => v.Text == text).Version;
    }

    internal string? ReadNameType(string key) => ReadChoice(key, NameTypes);

    /// <summary>node_name: "name" or "name@host", the name of letters, digits, '_' and '-'.</summary>
    internal string? ReadNodeName(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        const string mustBe = "must be a node name: letters, digits, '_' and '-', optionally followed by \"@host\"";
        if (value.Kind != TomlValueKind.String)
        {
            throw Fail(key, mustBe);
        }

        var text = value.AsString();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? text : text[..at];
        var host = at < 0 ? null : text[(at + 1)..];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ||
            (host is not null && !ListenAddressParser.IsHostName(host)))
        {
            throw Fail(key, mustBe);
        }

        return text;
    }
}
