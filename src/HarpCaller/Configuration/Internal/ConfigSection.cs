using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Toml;

namespace HarpCaller.Configuration.Internal;

/// <summary>
/// One table of the configuration file (main section or [erlang]) with typed readers that turn every
/// problem into a <see cref="ConfigException"/> naming file, line and key. Readers return null for an
/// absent key so the caller keeps the default. This file: generic readers; the other part: key-specific ones.
/// </summary>
internal sealed partial class ConfigSection
{
    private readonly TomlTable _table;
    private readonly string _fileName;
    private readonly string _prefix;
    private readonly string _baseDirectory;

    /// <param name="table">The section's table.</param>
    /// <param name="fileName">The configuration file, for messages.</param>
    /// <param name="prefix">Prefix of key names in messages: empty for the main section, "erlang." for [erlang].</param>
    /// <param name="baseDirectory">Directory relative paths resolve against.</param>
    internal ConfigSection(TomlTable table, string fileName, string prefix, string baseDirectory)
    {
        _table = table;
        _fileName = fileName;
        _prefix = prefix;
        _baseDirectory = baseDirectory;
    }

    /// <summary>
    /// Fails on the first key (in file order) not in <paramref name="known"/>. A key of the other section
    /// gets <paramref name="otherSectionHint"/>; anything else a spelling suggestion when one is close.
    /// </summary>
    internal void RejectUnknownKeys(string[] known, string[] otherSection, string otherSectionHint)
    {
        foreach (var key in _table.Keys)
        {
            if (known.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            var where = _prefix.Length == 0 ? "the main section" : $"the [{_prefix.TrimEnd('.')}] section";
            if (otherSection.Contains(key, StringComparer.Ordinal))
            {
                throw Fail(key, $"unknown key in {where}; {otherSectionHint}");
            }

            var suggestion = Spelling.Closest(key, known);
            throw Fail(key, suggestion is null ? "unknown key" : $"unknown key (did you mean \"{suggestion}\"?)");
        }
    }

    /// <summary>A nested section such as [erlang]; null when absent.</summary>
    internal ConfigSection? ReadSection(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value is not TomlTable table)
        {
            throw Fail(key, $"must be a table (the [{key}] section)");
        }

        return new ConfigSection(table, _fileName, $"{_prefix}{key}.", _baseDirectory);
    }

    /// <summary>A file or directory path; relative paths resolve against the configuration file's directory.</summary>
    internal string? ReadPath(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.Kind != TomlValueKind.String || value.AsString().Length == 0)
        {
            throw Fail(key, "must be a path (a non-empty string)");
        }

        var path = value.AsString();
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw Fail(key, "must be a path (a non-empty string without NUL characters)");
        }

        // Absolute paths are kept exactly as written (a trailing '/' included); relative ones are made
        // absolute so the daemon's working directory never matters.
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(_baseDirectory, path));
    }

    internal bool? ReadBoolean(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        return value.Kind == TomlValueKind.Boolean ? value.AsBoolean() : throw Fail(key, "must be true or false");
    }

    /// <summary>A string that must be one of <paramref name="allowed"/> (exact spelling).</summary>
    internal string? ReadChoice(string key, string[] allowed)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.Kind == TomlValueKind.String && allowed.Contains(value.AsString(), StringComparer.Ordinal))
        {
            return value.AsString();
        }

        var quoted = allowed.Select(a => $"\"{a}\"").ToList();
        throw Fail(key, quoted.Count == 2 ? $"must be {quoted[0]} or {quoted[1]}" : $"must be one of {string.Join(", ", quoted)}");
    }

    /// <summary>
    /// An integer or float greater than zero, at most <paramref name="max"/>, converted to a duration.
    /// </summary>
    internal TimeSpan? ReadDuration(string key, string unit, double max, string maxNote, TimeSpan unitSpan)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        var mustBe = $"must be a positive number of {unit}";
        double amount = value.Kind switch
        {
            TomlValueKind.Integer => value.AsInteger(),
            TomlValueKind.Float => value.AsFloat(),
            _ => throw Fail(key, mustBe),
        };

        // "!(amount > 0)" also rejects nan.
        if (!(amount > 0))
        {
            throw Fail(key, mustBe);
        }

        if (amount > max)
        {
            throw Fail(key, $"must be at most {max.ToString(CultureInfo.InvariantCulture)} {unit} ({maxNote})");
        }

        var ticks = value.Kind == TomlValueKind.Integer
            ? value.AsInteger() * unitSpan.Ticks
            : (long)(amount * unitSpan.Ticks);

        // A float so small it is below 100 ns would silently become zero.
        return ticks > 0 ? TimeSpan.FromTicks(ticks) : throw Fail(key, mustBe);
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    internal long? ReadInteger(string key, long min, long max, string mustBe)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.Kind != TomlValueKind.Integer || value.AsInteger() < min || value.AsInteger() > max)
        {
            throw Fail(key, mustBe);
        }

        return value.AsInteger();
    }

    /// <summary>An array whose elements are all strings; each string comes with its line for messages.</summary>
    internal List<(string Text, int Line)>? ReadStringArray(string key, string mustBe)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value is not TomlArray array || array.Any(e => e.Kind != TomlValueKind.String))
        {
            throw Fail(key, mustBe);
        }

        return array.Select(e => (e.AsString(), e.Line)).ToList();
    }

    private bool TryGet(string key, [MaybeNullWhen(false)] out TomlValue value) => _table.TryGetValue(key, out value);

    /// <summary>An error at the line of <paramref name="key"/>.</summary>
    private ConfigException Fail(string key, string problem) => Fail(key, _table.GetKeyLine(key), problem);

    /// <summary>An error at <paramref name="line"/>, e.g. that of one array element.</summary>
    private ConfigException Fail(string key, int line, string problem)
    {
        var name = _prefix + key;
        return new ConfigException($"{_fileName}:{line}: key {Quote(name)}: {problem}", _fileName, line, name);
    }

    /// <summary>Quotes text from the file for a message; control characters are escaped so a message stays one line.</summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"' or '\\':
                    builder.Append('\\').Append(c);
                    break;
                case < ' ' or '\u007F':
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
