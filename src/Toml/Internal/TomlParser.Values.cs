namespace Toml.Internal;

/// <summary>Value dispatch, arrays, inline tables and booleans.</summary>
internal sealed partial class TomlParser
{
    /// <summary>Parses the value starting at the current position; <paramref name="depth"/> is its nesting depth.</summary>
    private TomlValue ParseValue(int depth)
    {
        var start = _pos;
        var (line, column) = _lines.Locate(start);
        switch (Current)
        {
            case '"':
                var basic = StartsWith(_pos, "\"\"\"") ? ParseMultilineBasicString() : ParseBasicString();
                return new TomlValue(TomlValueKind.String, basic, line, column);
            case '\'':
                var literal = StartsWith(_pos, "'''") ? ParseMultilineLiteralString() : ParseLiteralString();
                return new TomlValue(TomlValueKind.String, literal, line, column);
            case '[':
                return ParseArray(depth, line, column);
            case '{':
                return ParseInlineTable(depth, line, column);
            case 't' when IsWord("true"):
                _pos += 4;
                return new TomlValue(TomlValueKind.Boolean, true, line, column);
            case 'f' when IsWord("false"):
                _pos += 5;
                return new TomlValue(TomlValueKind.Boolean, false, line, column);
            default:
                return ParseNumberOrDateTime(line, column);
        }
    }

    /// <summary>A keyword not followed by more bare characters ("trueish" is not a boolean).</summary>
    private bool IsWord(string word) =>
        StartsWith(_pos, word) && (_pos + word.Length >= _text.Length || !IsBareKeyChar(_text[_pos + word.Length]));

    private TomlArray ParseArray(int depth, int line, int column)
    {
        var open = _pos;
        var array = new TomlArray(isArrayOfTables: false, depth, line, column);
        var elementDepth = CheckDepth(depth + 1, open);
        _pos++;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd)
            {
                throw Error(open, "unterminated array: missing ']'");
            }

            if (Current == ']')
            {
                _pos++;
                return array;
            }

            if (Current == ',')
            {
                throw Error(_pos, "expected a value in the array, found ','");
            }

            array.Add(ParseValue(elementDepth));
            SkipWhitespaceCommentsAndNewlines();
            if (Current == ',')
            {
                // A trailing comma before ']' is allowed; the loop handles it.
                _pos++;
            }
            else if (Current != ']')
            {
                throw AtEnd
                    ? Error(open, "unterminated array: missing ']'")
                    : Error(_pos, $"expected ',' or ']' in the array, found {Describe(_pos)}");
            }
        }
    }

    /// <summary>{ key = value, ... } on one line (TOML 1.0), immutable once closed.</summary>
    private TomlTable ParseInlineTable(int depth, int line, int column)
    {
        var open = _pos;

        // Dotted while being built so its own dotted keys may add to it; frozen to Inline when closed.
        var table = new TomlTable(TomlTableOrigin.Dotted, depth, line, column);
        CheckDepth(depth + 1, open);
        _pos++;
        SkipWhitespace();
        if (Current == '}')
        {
            _pos++;
            Freeze(table);
            return table;
        }

        while (true)
        {
            if (AtEnd || IsNewlineStart(_pos))
            {
                throw Error(_pos, "expected a key in the inline table; an inline table must be on one line");
            }

            ParseKeyValue(table);
            SkipWhitespace();
            if (Current == '}')
            {
                _pos++;
                Freeze(table);
                return table;
            }

            if (Current != ',')
            {
                throw AtEnd || IsNewlineStart(_pos)
                    ? Error(_pos, "unterminated inline table: missing '}' (an inline table must be on one line)")
                    : Error(_pos, $"expected ',' or '}}' in the inline table, found {Describe(_pos)}");
            }

            _pos++;
            SkipWhitespace();
            if (Current == '}')
            {
                throw Error(_pos, "trailing comma is not allowed in an inline table");
            }
        }
    }

    /// <summary>Marks an inline table and the tables its dotted keys created as complete.</summary>
    private static void Freeze(TomlTable table)
    {
        // Explicit stack: the tree below is depth-bounded, but this keeps the freeze independent of that bound.
        var pending = new Stack<TomlTable>();
        pending.Push(table);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            current.Origin = TomlTableOrigin.Inline;
            foreach (var value in current.Values)
            {
                // Nested inline tables and static arrays are already complete.
                if (value is TomlTable { Origin: TomlTableOrigin.Dotted } child)
                {
                    pending.Push(child);
                }
            }
        }
    }
}
