using System.Globalization;
using System.Text;

namespace Toml.Internal;

/// <summary>
/// TOML 1.0 parser over prepared text (see <see cref="TomlText"/>): one pass, no I/O.
/// Recursion happens only for nested arrays and inline tables and is bounded by <see cref="MaxDepth"/>,
/// so hostile input gets a <see cref="TomlException"/>, never a stack overflow.
/// This file holds the document structure and the table definition rules; values live in the other parts.
/// </summary>
internal sealed partial class TomlParser
{
    /// <summary>
    /// Deepest nesting of tables and arrays. Real configuration nests a handful of levels; the bound keeps
    /// both this parser and recursive consumers of the tree well inside any thread's stack.
    /// </summary>
    internal const int MaxDepth = 128;

    private readonly string _text;
    private readonly string? _fileName;
    private readonly LineMap _lines;
    private readonly TomlTable _root;
    private TomlTable _current;
    private int _pos;

    internal TomlParser(string preparedText, string? fileName)
    {
        _text = preparedText;
        _fileName = fileName;
        _lines = new LineMap(preparedText);
        _root = new TomlTable(TomlTableOrigin.Root, depth: 0, line: 1, column: 1);
        _current = _root;
    }

    private bool AtEnd => _pos >= _text.Length;

    // NUL cannot occur in prepared text (TomlText rejects it), so it is a safe end-of-text sentinel.
    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    internal TomlTable Parse()
    {
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return _root;
            }

            var c = _text[_pos];
            if (c == '[')
            {
                ParseHeader();
            }
            else if (c != '#' && !IsNewlineStart(_pos))
            {
                ParseKeyValue(_current);
            }

            ExpectLineEnd();
        }
    }

    /// <summary>After a statement: whitespace, an optional comment, then a newline or the end of the text.</summary>
    private void ExpectLineEnd()
    {
        SkipWhitespace();
        if (Current == '#')
        {
            while (!AtEnd && !IsNewlineStart(_pos))
            {
                _pos++;
            }
        }

        if (AtEnd)
        {
            return;
        }

        if (!TrySkipNewline())
        {
            throw Error(_pos, $"expected the end of the line, found {Describe(_pos)}");
        }
    }

    private void ParseHeader()
    {
        var start = _pos;
        var isArray = _pos + 1 < _text.Length && _text[_pos + 1] == '[';
        _pos += isArray ? 2 : 1;
        var key = ParseKey();
        SkipWhitespace();
        if (Current != ']' || (isArray && (_pos + 1 >= _text.Length || _text[_pos + 1] != ']')))
        {
            throw Error(_pos, $"expected '{(isArray ? "]]" : "]")}' to close the table header, found {Describe(_pos)}");
        }

        _pos += isArray ? 2 : 1;
        _current = isArray ? DefineArrayTable(key, start) : DefineTable(key, start);
    }

    /// <summary>[a.b.c]: walks/creates a and b, then defines c, which must not be defined yet.</summary>
    private TomlTable DefineTable(List<KeyPart> key, int headerOffset)
    {
        var parent = WalkHeaderParents(key);
        var last = key[^1];
        if (!parent.TryGetEntry(last.Name, out var entry))
        {
            var table = NewTable(TomlTableOrigin.Header, parent, headerOffset);
            AddEntry(parent, last, table);
            return table;
        }

        switch (entry.Value)
        {
            case TomlTable { Origin: TomlTableOrigin.Implicit } table:
                // First explicit definition of a table so far only named as a parent: allowed once.
                table.Origin = TomlTableOrigin.Header;
                var (line, column) = _lines.Locate(headerOffset);
                table.MoveTo(line, column);
                var (keyLine, keyColumn) = _lines.Locate(last.Offset);
                parent.MoveKey(last.Name, keyLine, keyColumn);
                return table;
            case TomlTable { Origin: TomlTableOrigin.Dotted }:
                throw Error(headerOffset, $"table [{FormatKey(key)}] is already defined by dotted keys");
            case TomlTable { Origin: TomlTableOrigin.Inline }:
                throw Error(headerOffset, $"table [{FormatKey(key)}] is already defined as an inline table");
            case TomlTable:
                throw Error(headerOffset, $"table [{FormatKey(key)}] is already defined");
            case TomlArray { IsArrayOfTables: true }:
                throw Error(headerOffset, $"[{FormatKey(key)}] is already defined as an array of tables");
            default:
                throw Error(headerOffset, $"key \"{FormatKey(key)}\" is already defined as {Article(entry.Value.Kind)}");
        }
    }

    /// <summary>[[a.b.c]]: walks/creates a and b, then appends a new table to the array of tables c.</summary>
    private TomlTable DefineArrayTable(List<KeyPart> key, int headerOffset)
    {
        var parent = WalkHeaderParents(key);
        var last = key[^1];
        TomlArray array;
        if (!parent.TryGetEntry(last.Name, out var entry))
        {
            var (line, column) = _lines.Locate(headerOffset);
            array = new TomlArray(isArrayOfTables: true, CheckDepth(parent.Depth + 1, headerOffset), line, column);
            AddEntry(parent, last, array);
        }
        else if (entry.Value is TomlArray { IsArrayOfTables: true } existing)
        {
            array = existing;
        }
        else if (entry.Value is TomlArray)
        {
            throw Error(headerOffset, $"[[{FormatKey(key)}]] cannot append to the static array \"{FormatKey(key)}\"");
        }
        else if (entry.Value is TomlTable)
        {
            throw Error(headerOffset, $"[[{FormatKey(key)}]] conflicts with the table \"{FormatKey(key)}\"");
        }
        else
        {
            throw Error(headerOffset, $"key \"{FormatKey(key)}\" is already defined as {Article(entry.Value.Kind)}");
        }

        var (elementLine, elementColumn) = _lines.Locate(headerOffset);
        var element = new TomlTable(
            TomlTableOrigin.ArrayElement, CheckDepth(array.Depth + 1, headerOffset), elementLine, elementColumn);
        array.Add(element);
        return element;
    }

    /// <summary>The parents named by a header: created when missing; the last table of an array of tables is entered.</summary>
    private TomlTable WalkHeaderParents(List<KeyPart> key)
    {
        var table = _root;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!table.TryGetEntry(part.Name, out var entry))
            {
                var created = NewTable(TomlTableOrigin.Implicit, table, part.Offset);
                AddEntry(table, part, created);
                table = created;
                continue;
            }

            table = entry.Value switch
            {
                TomlTable { Origin: TomlTableOrigin.Inline } =>
                    throw Error(part.Offset, $"inline table \"{FormatKey(key, i + 1)}\" cannot be extended"),
                TomlTable child => child,
                TomlArray { IsArrayOfTables: true } array => (TomlTable)array[^1],
                TomlArray => throw Error(part.Offset, $"static array \"{FormatKey(key, i + 1)}\" cannot be extended"),
                _ => throw Error(
                    part.Offset,
                    $"key \"{FormatKey(key, i + 1)}\" is already defined as {Article(entry.Value.Kind)}"),
            };
        }

        return table;
    }

    /// <summary>key = value, in a section or an inline table; dotted keys create tables on the way.</summary>
    private void ParseKeyValue(TomlTable table)
    {
        var key = ParseKey();
        SkipWhitespace();
        if (Current != '=')
        {
            throw Error(_pos, $"expected '=' after the key \"{FormatKey(key)}\", found {Describe(_pos)}");
        }

        _pos++;
        SkipWhitespace();

        // The value's depth is known before it is parsed, so nesting is bounded before recursing.
        var valueDepth = CheckDepth(table.Depth + key.Count, key[^1].Offset);
        var parent = WalkDottedParents(table, key);
        var last = key[^1];
        if (parent.TryGetEntry(last.Name, out _))
        {
            throw Error(last.Offset, $"duplicate key \"{FormatKey(key)}\"");
        }

        var value = ParseValue(valueDepth);
        AddEntry(parent, last, value);
    }

    private TomlTable WalkDottedParents(TomlTable table, List<KeyPart> key)
    {
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!table.TryGetEntry(part.Name, out var entry))
            {
                var created = NewTable(TomlTableOrigin.Dotted, table, part.Offset);
                AddEntry(table, part, created);
                table = created;
                continue;
            }

            switch (entry.Value)
            {
                case TomlTable { Origin: TomlTableOrigin.Dotted } child:
                    table = child;
                    break;
                case TomlTable { Origin: TomlTableOrigin.Implicit } child:
                    // Only named as a parent of a header so far; from now on it is defined by dotted keys,
                    // so a later [header] for it is a redefinition.
                    child.Origin = TomlTableOrigin.Dotted;
                    table = child;
                    break;
                case TomlTable { Origin: TomlTableOrigin.Inline }:
                    throw Error(part.Offset, $"inline table \"{FormatKey(key, i + 1)}\" cannot be extended");
                case TomlTable:
                    throw Error(
                        part.Offset,
                        $"table \"{FormatKey(key, i + 1)}\" is defined by a [header]; dotted keys cannot add to it");
                case TomlArray:
                    throw Error(part.Offset, $"key \"{FormatKey(key, i + 1)}\" is an array, not a table");
                default:
                    throw Error(
                        part.Offset,
                        $"key \"{FormatKey(key, i + 1)}\" is already defined as {Article(entry.Value.Kind)}");
            }
        }

        return table;
    }

    /// <summary>simple-key *( ws "." ws simple-key ), leading and inner whitespace allowed.</summary>
    private List<KeyPart> ParseKey()
    {
        var parts = new List<KeyPart>();
        while (true)
        {
            SkipWhitespace();
            var offset = _pos;
            parts.Add(new KeyPart(ParseSimpleKey(), offset));
            if (parts.Count > MaxDepth)
            {
                throw Error(offset, $"key has more than {MaxDepth} parts");
            }

            SkipWhitespace();
            if (Current != '.')
            {
                return parts;
            }

            _pos++;
        }
    }

    private string ParseSimpleKey()
    {
        var c = Current;
        if (c == '"' || c == '\'')
        {
            if (StartsWith(_pos, c == '"' ? "\"\"\"" : "'''"))
            {
                throw Error(_pos, "a multi-line string cannot be a key");
            }

            return c == '"' ? ParseBasicString() : ParseLiteralString();
        }

        var start = _pos;
        while (!AtEnd && IsBareKeyChar(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(_pos, $"expected a key, found {Describe(_pos)}");
        }

        return _text[start.._pos];
    }

    private TomlTable NewTable(TomlTableOrigin origin, TomlTable parent, int offset)
    {
        var (line, column) = _lines.Locate(offset);
        return new TomlTable(origin, CheckDepth(parent.Depth + 1, offset), line, column);
    }

    private void AddEntry(TomlTable table, KeyPart key, TomlValue value)
    {
        var (line, column) = _lines.Locate(key.Offset);
        table.Add(key.Name, value, line, column);
    }

    private int CheckDepth(int depth, int offset) =>
        depth <= MaxDepth ? depth : throw Error(offset, $"tables and arrays nest deeper than {MaxDepth} levels");

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t'))
        {
            _pos++;
        }
    }

    /// <summary>Whitespace, comments and newlines, as allowed between array elements.</summary>
    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (!AtEnd)
        {
            var c = _text[_pos];
            if (c == ' ' || c == '\t')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (!AtEnd && !IsNewlineStart(_pos))
                {
                    _pos++;
                }
            }
            else if (!TrySkipNewline())
            {
                return;
            }
        }
    }

    private bool TrySkipNewline()
    {
        if (Current == '\n')
        {
            _pos++;
            return true;
        }

        // TomlText guarantees every CR is followed by LF.
        if (Current == '\r')
        {
            _pos += 2;
            return true;
        }

        return false;
    }

    private bool IsNewlineStart(int offset) => _text[offset] == '\n' || _text[offset] == '\r';

    private bool StartsWith(int offset, string value) => _text.AsSpan(offset).StartsWith(value, StringComparison.Ordinal);

    private static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';

    private TomlException Error(int offset, string reason)
    {
        var (line, column) = _lines.Locate(offset);
        return new TomlException(reason, _fileName, line, column);
    }

    /// <summary>A character for an error message: printable ones quoted, the rest by name.</summary>
    private string Describe(int offset)
    {
        if (offset >= _text.Length)
        {
            return "the end of the file";
        }

        var c = _text[offset];
        return c switch
        {
            '\n' or '\r' => "a newline",
            '\t' => "a tab",
            ' ' => "a space",
            _ when char.IsHighSurrogate(c) && offset + 1 < _text.Length =>
                $"'{_text.Substring(offset, 2)}' (U+{char.ConvertToUtf32(c, _text[offset + 1]):X4})",
            _ when c > 0x7E => $"'{c}' (U+{(int)c:X4})",
            _ => $"'{c}'",
        };
    }

    private static string FormatKey(List<KeyPart> key, int count = -1)
    {
        if (count < 0)
        {
            count = key.Count;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            var name = key[i].Name;
            if (name.Length > 0 && name.All(IsBareKeyChar))
            {
                builder.Append(name);
            }
            else if (!name.Any(c => c == '\'' || char.IsControl(c)))
            {
                builder.Append('\'').Append(name).Append('\'');
            }
            else
            {
                // Escaped so that a message stays on one line whatever the key holds.
                builder.Append('"');
                foreach (var c in name)
                {
                    if (c is '"' or '\\')
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (char.IsControl(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }
                }

                builder.Append('"');
            }
        }

        return builder.ToString();
    }

    private static string Article(TomlValueKind kind) => kind switch
    {
        TomlValueKind.String => "a string",
        TomlValueKind.Integer => "an integer",
        TomlValueKind.Float => "a float",
        TomlValueKind.Boolean => "a boolean",
        TomlValueKind.OffsetDateTime => "an offset date-time",
        TomlValueKind.LocalDateTime => "a local date-time",
        TomlValueKind.LocalDate => "a local date",
        TomlValueKind.LocalTime => "a local time",
        TomlValueKind.Array => "an array",
        _ => "a table",
    };
}
