namespace Toml.Internal;

/// <summary>RFC 3339 dates and times as TOML 1.0 restricts them (seconds required).</summary>
internal sealed partial class TomlParser
{
    private TomlValue ParseDateTime(ReadOnlySpan<char> token, int start, int line, int column)
    {
        var date = ParseDate(token, start);
        if (token.Length == 10)
        {
            return new TomlValue(TomlValueKind.LocalDate, date, line, column);
        }

        if (token[10] is not ('T' or 't' or ' ') || token.Length == 11)
        {
            throw Error(start + 10, $"invalid date-time \"{token}\": expected 'T' and a time after the date");
        }

        var time = ParseTime(token[11..], start + 11, out var used);
        var rest = token[(11 + used)..];
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (rest.IsEmpty)
        {
            return new TomlValue(TomlValueKind.LocalDateTime, local, line, column);
        }

        var offset = ParseOffset(rest, start + 11 + used, token);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw Error(start, $"date-time \"{token}\" is outside the supported range (years 1 to 9999 in UTC)");
        }

        return new TomlValue(TomlValueKind.OffsetDateTime, new DateTimeOffset(local, offset), line, column);
    }

    /// <summary>YYYY-MM-DD with a real day of that month.</summary>
    private DateOnly ParseDate(ReadOnlySpan<char> token, int start)
    {
        if (token.Length < 10 || !IsAsciiDigits(token[..4]) || token[4] != '-' || !IsAsciiDigits(token.Slice(5, 2)) ||
            token[7] != '-' || !IsAsciiDigits(token.Slice(8, 2)))
        {
            throw Error(start, $"invalid date \"{token}\": expected YYYY-MM-DD");
        }

        var year = Number(token[..4]);
        var month = Number(token.Slice(5, 2));
        var day = Number(token.Slice(8, 2));
        if (year < 1)
        {
            throw Error(start, $"invalid date \"{token}\": year 0000 is not supported");
        }

        if (month is < 1 or > 12)
        {
            throw Error(start + 5, $"invalid date \"{token}\": month must be 01 to 12");
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw Error(start + 8, $"invalid date \"{token}\": {year:D4}-{month:D2} has no day {day:D2}");
        }

        return new DateOnly(year, month, day);
    }

    /// <summary>HH:MM:SS[.fraction] at the start of <paramref name="text"/>; the fraction is truncated to 100 ns.</summary>
    private TimeOnly ParseTime(ReadOnlySpan<char> text, int start, out int used)
    {
        if (text.Length < 8 || !IsAsciiDigits(text[..2]) || text[2] != ':' || !IsAsciiDigits(text.Slice(3, 2)) ||
            text[5] != ':' || !IsAsciiDigits(text.Slice(6, 2)))
        {
            throw Error(start, $"invalid time \"{text}\": expected HH:MM:SS");
        }

        var hour = Number(text[..2]);
        var minute = Number(text.Slice(3, 2));
        var second = Number(text.Slice(6, 2));
        if (hour > 23)
        {
            throw Error(start, $"invalid time \"{text}\": hour must be 00 to 23");
        }

        if (minute > 59)
        {
            throw Error(start + 3, $"invalid time \"{text}\": minute must be 00 to 59");
        }

        if (second > 59)
        {
            // RFC 3339 allows a leap second (60), but no .NET time type can hold one.
            throw Error(start + 6, second == 60
                ? $"invalid time \"{text}\": leap seconds are not supported"
                : $"invalid time \"{text}\": second must be 00 to 59");
        }

        used = 8;
        long fractionTicks = 0;
        if (used < text.Length && text[used] == '.')
        {
            var digits = 0;
            var scale = TimeSpan.TicksPerSecond;
            while (used + 1 + digits < text.Length && char.IsAsciiDigit(text[used + 1 + digits]))
            {
                // Digits beyond 100 ns are dropped: TOML asks for truncation, not rounding.
                if (scale > 1)
                {
                    scale /= 10;
                    fractionTicks += (text[used + 1 + digits] - '0') * scale;
                }

                digits++;
            }

            if (digits == 0)
            {
                throw Error(start + used, $"invalid time \"{text}\": digits expected after '.'");
            }

            used += 1 + digits;
        }

        return new TimeOnly(new TimeSpan(hour, minute, second).Ticks + fractionTicks);
    }

    /// <summary>Z or ±HH:MM, nothing after it.</summary>
    private TimeSpan ParseOffset(ReadOnlySpan<char> text, int start, ReadOnlySpan<char> token)
    {
        if (text.Length == 1 && text[0] is 'Z' or 'z')
        {
            return TimeSpan.Zero;
        }

        if (text.Length != 6 || text[0] is not ('+' or '-') || !IsAsciiDigits(text.Slice(1, 2)) || text[3] != ':' ||
            !IsAsciiDigits(text.Slice(4, 2)))
        {
            throw Error(start, $"invalid date-time \"{token}\": expected Z or an offset +HH:MM after the time");
        }

        var hours = Number(text.Slice(1, 2));
        var minutes = Number(text.Slice(4, 2));
        if (hours > 23 || minutes > 59)
        {
            throw Error(start, $"invalid date-time \"{token}\": offset out of range");
        }

        // DateTimeOffset holds offsets up to 14 hours, which covers every real time zone.
        if (hours > 14 || (hours == 14 && minutes > 0))
        {
            throw Error(start, $"invalid date-time \"{token}\": offsets beyond ±14:00 are not supported");
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return text[0] == '-' ? -offset : offset;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
