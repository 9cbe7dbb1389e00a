using System.Text;

namespace CloudI.External.Launch;

/// <summary>
/// <c>$VAR</c> substitution of executable paths, args and env entries with the CloudI 1.5.3 rule (spec §1.5):
/// <c>\$</c> is a literal <c>$</c>; <c>${NAME}</c> and <c>$NAME</c> are replaced by the value (nothing if
/// undefined); a <c>$</c> not followed by a name is removed. NAME is <c>[A-Za-z0-9_]+</c>; an optional <c>{</c>
/// directly after <c>$</c> and a <c>}</c> directly after the name are consumed.
/// </summary>
public static class VariableSubstitution
{
    /// <summary>Expands <paramref name="text"/>, looking names up with <paramref name="lookup"/> (null = undefined).</summary>
    public static string Expand(string text, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        if (text.IndexOf('$') < 0)
            return text;
        var result = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (c == '$')
            {
                i++;
                if (i < text.Length && text[i] == '{')
                    i++;
                int start = i;
                while (i < text.Length && IsNameChar(text[i]))
                    i++;
                int end = i;
                if (i < text.Length && text[i] == '}')
                    i++;
                if (end > start && lookup(text[start..end]) is { } value)
                    result.Append(value);
            }
            else
            {
                result.Append(c);
                i++;
            }
        }
        return result.ToString();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
