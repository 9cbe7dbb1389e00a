using System.Collections;

namespace Toml;

/// <summary>A TOML array: a static array (<c>[1, 2]</c>) or an array of tables (<c>[[name]]</c>). Read-only to callers.</summary>
public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
{
    private readonly List<TomlValue> _items = [];

    internal TomlArray(bool isArrayOfTables, int depth, int line, int column)
        : base(TomlValueKind.Array, line, column)
    {
        IsArrayOfTables = isArrayOfTables;
        Depth = depth;
    }

    /// <summary>True when built by [[header]]s: only such arrays may be appended to by later headers.</summary>
    internal bool IsArrayOfTables { get; }

    /// <summary>Number of elements.</summary>
    public int Count => _items.Count;

    /// <summary>Nesting depth from the root; bounded by the parser so consumers can recurse safely.</summary>
    internal int Depth { get; }

    /// <summary>The element at <paramref name="index"/>.</summary>
    public TomlValue this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<TomlValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(TomlValue value) => _items.Add(value);
}
