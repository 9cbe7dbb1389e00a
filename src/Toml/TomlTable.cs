using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Toml.Internal;

namespace Toml;

/// <summary>
/// A TOML table: keys in the order they were defined, each with its value and the position of the key.
/// Read-only to callers.
/// </summary>
public sealed class TomlTable : TomlValue, IReadOnlyDictionary<string, TomlValue>
{
    private readonly OrderedDictionary<string, TomlTableEntry> _entries = new(StringComparer.Ordinal);

    internal TomlTable(TomlTableOrigin origin, int depth, int line, int column)
        : base(TomlValueKind.Table, line, column)
    {
        Origin = origin;
        Depth = depth;
    }

    /// <summary>Number of keys.</summary>
    public int Count => _entries.Count;

    /// <summary>The keys in definition order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The values in definition order.</summary>
    public IEnumerable<TomlValue> Values => _entries.Values.Select(e => e.Value);

    /// <summary>How the table came to exist; drives the redefinition rules while parsing.</summary>
    internal TomlTableOrigin Origin { get; set; }

    /// <summary>Nesting depth from the root; bounded by the parser so consumers can recurse safely.</summary>
    internal int Depth { get; }

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The table has no such key.</exception>
    public TomlValue this[string key] => _entries[key].Value;

    /// <summary>Whether the table has <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <summary>Gets the value of <paramref name="key"/> if present.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>1-based line where <paramref name="key"/> was defined (for a table, its [header] when it has one).</summary>
    /// <exception cref="KeyNotFoundException">The table has no such key.</exception>
    public int GetKeyLine(string key) => _entries[key].Line;

    /// <summary>1-based column (in Unicode code points) where <paramref name="key"/> was defined.</summary>
    /// <exception cref="KeyNotFoundException">The table has no such key.</exception>
    public int GetKeyColumn(string key) => _entries[key].Column;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator()
    {
        foreach (var pair in _entries)
        {
            yield return new KeyValuePair<string, TomlValue>(pair.Key, pair.Value.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal bool TryGetEntry(string key, out TomlTableEntry entry) => _entries.TryGetValue(key, out entry);

    internal void Add(string key, TomlValue value, int line, int column) =>
        _entries.Add(key, new TomlTableEntry(value, line, column));

    internal void MoveKey(string key, int line, int column)
    {
        var entry = _entries[key];
        _entries[key] = entry with { Line = line, Column = column };
    }
}
