using System.Text;

namespace CloudI.Http;

/// <summary>
/// CloudI's environment substitution in file names (<c>cloudi_environment:transform</c>):
/// <c>$NAME</c> and <c>${NAME}</c> become the variable's value, an unset variable nothing.
/// </summary>
internal static class EnvironmentText
{
    /// <summary>Substitutes environment variables in <paramref name="text"/>.</summary>
    public static string Substitute(string text) => Substitute(text, Environment.GetEnvironmentVariable);

    /// <summary>Substitutes with a given lookup (tests).</summary>
    public static string Substitute(string text, Func<string, string?> lookup)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int k = 0;
        while (k < text.Length)
        {
            char c = text[k];
            if (c != '$' || k + 1 >= text.Length)
            {
                result.Append(c);
                k++;
                continue;
            }

            bool braced = text[k + 1] == '{';
            int start = braced ? k + 2 : k + 1;
            int end = start;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            if (end == start || (braced && (end >= text.Length || text[end] != '}')))
            {
                result.Append(c);
                k++;
                continue;
            }

            result.Append(lookup(text[start..end]));
            k = braced ? end + 1 : end;
        }

        return result.ToString();
    }
}
