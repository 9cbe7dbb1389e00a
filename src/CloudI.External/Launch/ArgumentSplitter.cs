using System.Text;

namespace CloudI.External.Launch;

/// <summary>
/// Turns a service's <c>args</c> string into argv[1..] (spec §1.4): leading spaces removed, <c>$VAR</c>
/// substitution, then split at spaces outside quotes (runs of spaces count as one); <c>'…'</c>, <c>"…"</c> and
/// <c>`…`</c> group text and are removed, may start or end mid-argument, and have no escapes.
/// </summary>
public static class ArgumentSplitter
{
    /// <summary>Substitutes and splits <paramref name="args"/>.</summary>
    /// <exception cref="LaunchException"><c>service_external_args_invalid_quotes</c> for an unterminated quote.</exception>
    public static IReadOnlyList<string> Parse(string args, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Split(VariableSubstitution.Expand(args.TrimStart(' '), lookup));
    }

    /// <summary>
    /// Splits an already substituted string. Empty → no arguments; a trailing space yields a final empty
    /// argument, as in the reference.
    /// </summary>
    /// <exception cref="LaunchException"><c>service_external_args_invalid_quotes</c> for an unterminated quote.</exception>
    public static IReadOnlyList<string> Split(string args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>();
        if (args.Length == 0)
            return result;
        var current = new StringBuilder();
        char quote = '\0';
        bool afterSeparator = false;
        foreach (char c in args)
        {
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else
                    current.Append(c);
                continue;
            }
            if (c == ' ')
            {
                if (!afterSeparator)
                {
                    result.Add(current.ToString());
                    current.Clear();
                    afterSeparator = true;
                }
                continue;
            }
            afterSeparator = false;
            if (c is '\'' or '"' or '`')
                quote = c;
            else
                current.Append(c);
        }
        if (quote != '\0')
            throw new LaunchException(LaunchReasons.ArgsInvalidQuotes, $"unterminated {quote} quote in the args string");
        result.Add(current.ToString());
        return result;
    }
}
