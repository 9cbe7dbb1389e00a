using System.Globalization;
using System.Text.Json;

namespace Toml.Tests;

/// <summary>
/// Compares a parsed document with toml-test's tagged JSON by value: numbers numerically, nan/inf by name,
/// date-times as the values they denote (the suite normalises their text).
/// </summary>
internal static class TomlJsonComparer
{
    /// <summary>Null when equal, otherwise the first difference found.</summary>
    internal static string? Difference(TomlValue actual, JsonElement expected, string path = "$")
    {
        if (IsScalarTag(expected, out var type, out var text))
        {
            return CompareScalar(actual, type, text, path);
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual is not TomlTable table)
                {
                    return $"{path}: expected a table, got {actual.Kind}";
                }

                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualKeys = table.Keys.ToHashSet(StringComparer.Ordinal);
                if (!expectedKeys.SetEquals(actualKeys))
                {
                    return $"{path}: keys differ: expected [{string.Join(", ", expectedKeys.Order())}], " +
                           $"got [{string.Join(", ", actualKeys.Order())}]";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    var difference = Difference(table[property.Name], property.Value, $"{path}.{property.Name}");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;

            case JsonValueKind.Array:
                if (actual is not TomlArray array)
                {
                    return $"{path}: expected an array, got {actual.Kind}";
                }

                var items = expected.EnumerateArray().ToList();
                if (items.Count != array.Count)
                {
                    return $"{path}: expected {items.Count} elements, got {array.Count}";
                }

                for (var i = 0; i < items.Count; i++)
                {
                    var difference = Difference(array[i], items[i], $"{path}[{i}]");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;

            default:
                return $"{path}: unexpected JSON {expected.ValueKind} in the expected file";
        }
    }

    /// <summary>{"type": "...", "value": "..."} with string members only; a table with those keys has objects as values.</summary>
    private static bool IsScalarTag(JsonElement element, out string type, out string value)
    {
        type = value = string.Empty;
        if (element.ValueKind != JsonValueKind.Object || element.EnumerateObject().Count() != 2 ||
            !element.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String ||
            !element.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        type = t.GetString()!;
        value = v.GetString()!;
        return true;
    }

    private static string? CompareScalar(TomlValue actual, string type, string text, string path)
    {
        var expectedKind = type switch
        {
            "string" => TomlValueKind.String,
            "integer" => TomlValueKind.Integer,
            "float" => TomlValueKind.Float,
            "bool" => TomlValueKind.Boolean,
            "datetime" => TomlValueKind.OffsetDateTime,
            "datetime-local" => TomlValueKind.LocalDateTime,
            "date-local" => TomlValueKind.LocalDate,
            "time-local" => TomlValueKind.LocalTime,
            _ => throw new InvalidDataException($"unknown toml-test type '{type}'"),
        };
        if (actual.Kind != expectedKind)
        {
            return $"{path}: expected {expectedKind}, got {actual.Kind}";
        }

        var equal = expectedKind switch
        {
            TomlValueKind.String => string.Equals(actual.AsString(), text, StringComparison.Ordinal),
            TomlValueKind.Integer => actual.AsInteger() == long.Parse(text, CultureInfo.InvariantCulture),
            TomlValueKind.Float => FloatEquals(actual.AsFloat(), text),
            TomlValueKind.Boolean => actual.AsBoolean() == (text == "true"),
            TomlValueKind.OffsetDateTime => OffsetEquals(actual.AsOffsetDateTime(), text),
            TomlValueKind.LocalDateTime => actual.AsLocalDateTime() ==
                DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None),
            TomlValueKind.LocalDate => actual.AsLocalDate() == DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            TomlValueKind.LocalTime => actual.AsLocalTime() == TimeOnly.Parse(text, CultureInfo.InvariantCulture),
            _ => false,
        };
        return equal ? null : $"{path}: expected {type} {text}, got {actual}";
    }

    private static bool FloatEquals(double actual, string text)
    {
        switch (text)
        {
            case "nan" or "+nan" or "-nan":
                return double.IsNaN(actual);
            case "inf" or "+inf":
                return double.IsPositiveInfinity(actual);
            case "-inf":
                return double.IsNegativeInfinity(actual);
        }

        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        // -0.0 == 0.0 numerically; the sign still is part of the value.
        return actual.Equals(expected) && double.IsNegative(actual) == double.IsNegative(expected);
    }

    /// <summary>Same instant and same offset.</summary>
    private static bool OffsetEquals(DateTimeOffset actual, string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
        return actual.UtcTicks == expected.UtcTicks && actual.Offset == expected.Offset;
    }
}
