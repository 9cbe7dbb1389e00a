using System.Text.Json;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// Reads a built-in's arguments, given either positionally (a JSON list) or by name (a JSON
/// object), since callers of harpd use both. Unusable values throw <see cref="BadArgumentsException"/>.
/// </summary>
internal readonly struct ProcedureArguments(JsonElement arguments)
{
    /// <summary>The arguments exactly as received.</summary>
    public JsonElement Raw => arguments;

    public bool TryGet(int position, string name, out JsonElement value)
    {
        if (arguments.ValueKind == JsonValueKind.Array)
        {
            if (position < arguments.GetArrayLength())
            {
                value = arguments[position];
                return true;
            }
        }
        else if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public JsonElement Required(int position, string name) =>
        TryGet(position, name, out JsonElement value)
            ? value
            : throw new BadArgumentsException($"missing argument {position} ({name})");

    public long GetInt64(int position, string name, long? defaultValue, long min, long max)
    {
        if (!TryGet(position, name, out JsonElement value))
        {
            return defaultValue ?? throw new BadArgumentsException($"missing argument {position} ({name})");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long result) || result < min || result > max)
        {
            throw new BadArgumentsException($"argument {name} must be an integer in [{min}, {max}]");
        }

        return result;
    }

    public double GetDouble(int position, string name, double? defaultValue, double min, double max)
    {
        if (!TryGet(position, name, out JsonElement value))
        {
            return defaultValue ?? throw new BadArgumentsException($"missing argument {position} ({name})");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double result) || !(result >= min && result <= max))
        {
            throw new BadArgumentsException($"argument {name} must be a number in [{min}, {max}]");
        }

        return result;
    }

    public string GetString(int position, string name, string defaultValue)
    {
        if (!TryGet(position, name, out JsonElement value))
        {
            return defaultValue;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new BadArgumentsException($"argument {name} must be a string");
    }
}
