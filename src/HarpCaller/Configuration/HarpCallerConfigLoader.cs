using System.Text;
using HarpCaller.Configuration.Internal;
using Toml;

namespace HarpCaller.Configuration;

/// <summary>
/// Reads the dispatcher's TOML configuration file (manual, "Configuration file") into a validated
/// <see cref="HarpCallerOptions"/>. Keys absent from the file keep the defaults of <see cref="HarpCallerOptions"/>;
/// unknown keys, wrong types and out-of-range values are errors, so a typo never passes silently.
/// Relative paths are resolved against the directory of the configuration file.
/// </summary>
public static class HarpCallerConfigLoader
{
    /// <summary>Reads and validates the configuration file at <paramref name="path"/>.</summary>
    /// <param name="path">The configuration file; error messages name it as given.</param>
    /// <exception cref="ConfigException">The file is missing, unreadable or invalid.</exception>
    public static HarpCallerOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException($"{path}: configuration file not found", path, line: null, key: null, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ConfigException(
                $"{path}: cannot read the configuration file: {e.Message}", path, line: null, key: null, e);
        }

        return Map(Decode(() => TomlDocument.Parse(bytes, path), path), path);
    }

    /// <summary>Validates configuration text; relative paths resolve against the directory of <paramref name="fileName"/>.</summary>
    /// <param name="text">The TOML text.</param>
    /// <param name="fileName">Name for error messages, and the base of relative paths.</param>
    /// <exception cref="ConfigException">The text is not a valid configuration.</exception>
    public static HarpCallerOptions Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return Map(Decode(() => TomlDocument.Parse(text, fileName), fileName), fileName);
    }

    private static TomlTable Decode(Func<TomlTable> parse, string fileName)
    {
        try
        {
            return parse();
        }
        catch (TomlException e)
        {
            // Same FILE:LINE prefix as every other configuration error; the column helps with syntax.
            throw new ConfigException(e.Message, fileName, e.Line, key: null, e);
        }
    }

    private static HarpCallerOptions Map(TomlTable root, string fileName)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory();
        var main = new ConfigSection(root, fileName, prefix: string.Empty, baseDirectory);
        main.RejectUnknownKeys(ConfigKeys.Main, ConfigKeys.Erlang, "it belongs in the [erlang] section");

        var defaults = new HarpCallerOptions();
        var limits = defaults.ClientLimits;
        return defaults with
        {
            Listen = main.ReadListen(ConfigKeys.Listen) ?? defaults.Listen,
            CaFile = main.ReadPath(ConfigKeys.CaFile) ?? defaults.CaFile,
            KnownCertsFile = main.ReadPath(ConfigKeys.KnownCertsFile) ?? defaults.KnownCertsFile,
            StreamDirectory = main.ReadPath(ConfigKeys.StreamDirectory) ?? defaults.StreamDirectory,
            DefaultTimeout = main.ReadSeconds(ConfigKeys.DefaultTimeout) ?? defaults.DefaultTimeout,
            MaxExecTime = main.ReadSeconds(ConfigKeys.MaxExecTime) ?? defaults.MaxExecTime,
            MaxAge = main.ReadHours(ConfigKeys.MaxAge) ?? defaults.MaxAge,
            HostDbScript = main.ReadPath(ConfigKeys.HostDbScript) ?? defaults.HostDbScript,
            HostDb = main.ReadPath(ConfigKeys.HostDb) ?? defaults.HostDb,
            HostDbRefresh = main.ReadSeconds(ConfigKeys.HostDbRefresh) ?? defaults.HostDbRefresh,
            LogHandlers = main.ReadLogHandlers(ConfigKeys.LogHandlers) ?? defaults.LogHandlers,
            HarpdTlsMinVersion = main.ReadTlsVersion(ConfigKeys.HarpdTlsMinVersion) ?? defaults.HarpdTlsMinVersion,
            ClientLimits = limits with
            {
                MaxLineBytes = main.ReadLineBytes(ConfigKeys.ClientMaxLineBytes) ?? limits.MaxLineBytes,
                IdleTimeout = main.ReadSeconds(ConfigKeys.ClientIdleTimeout) ?? limits.IdleTimeout,
            },
            Erlang = MapErlang(main, defaults.Erlang),
        };
    }

    private static ErlangOptions MapErlang(ConfigSection main, ErlangOptions defaults)
    {
        var erlang = main.ReadSection(ConfigKeys.ErlangSection);
        if (erlang is null)
        {
            return defaults;
        }

        erlang.RejectUnknownKeys(ConfigKeys.Erlang, ConfigKeys.Main, "it belongs in the main section, before any [section]");
        // Accepted so the original example file loads unchanged; there is no Erlang error_logger here.
        erlang.ValidateStringArray(ConfigKeys.ErrorLoggerHandlers);
        return defaults with
        {
            NodeName = erlang.ReadNodeName(ConfigKeys.NodeName) ?? defaults.NodeName,
            NameType = erlang.ReadNameType(ConfigKeys.NameType) ?? defaults.NameType,
            CookieFile = erlang.ReadPath(ConfigKeys.CookieFile) ?? defaults.CookieFile,
            DistributedImmediate = erlang.ReadBoolean(ConfigKeys.DistributedImmediate) ?? defaults.DistributedImmediate,
            LogFile = erlang.ReadPath(ConfigKeys.LogFile) ?? defaults.LogFile,
        };
    }
}
