using System.Text;
using System.Text.RegularExpressions;
using CloudI.Names;

namespace CloudI.Tests.Names;

/// <summary>
/// An independent, deliberately naive model of §1.3: an anchored regular expression per
/// pattern for the matching set, and a per-pattern search for the precedence key. The DFS of
/// §1.3 returns the match whose step sequence is least when steps are ordered literal &lt; '?'
/// &lt; '*' and, within a wildcard kind, by shorter extent; so the winner is the pattern whose
/// least step sequence is least.
/// </summary>
internal sealed class ReferenceMatcher
{
    private readonly ServiceNameFlavor _flavor;
    private readonly Regex _regex;

    public ReferenceMatcher(string pattern, ServiceNameFlavor flavor)
    {
        Pattern = pattern;
        _flavor = flavor;
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*')
            {
                regex.Append("(.+)");
            }
            else if (c == '?' && flavor == ServiceNameFlavor.Version20)
            {
                // '?' takes its first character unconditionally, then stops at the next literal.
                regex.Append("(.[^").Append(Regex.Escape(pattern[i + 1].ToString()).Replace("]", "\\]", StringComparison.Ordinal)).Append("]*)");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    public bool IsMatch(string name) => _regex.IsMatch(name);

    /// <summary>The least step sequence and its wildcard parts, or null when the pattern does not match.</summary>
    public (List<(int Kind, int Extent)> Steps, List<string> Parts)? Best(string name) => Best(name, 0, 0);

    public static int Compare(List<(int Kind, int Extent)> a, List<(int Kind, int Extent)> b)
    {
        for (int k = 0; k < Math.Min(a.Count, b.Count); k++)
        {
            int c = a[k].CompareTo(b[k]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private (List<(int Kind, int Extent)> Steps, List<string> Parts)? Best(string name, int p, int i)
    {
        if (p == Pattern.Length)
        {
            return i == name.Length ? ([], []) : null;
        }

        if (i == name.Length)
        {
            return null;
        }

        char c = Pattern[p];
        if (c == '*' || (c == '?' && _flavor == ServiceNameFlavor.Version20))
        {
            for (int end = i + 1; end <= name.Length; end++)
            {
                if (c == '?')
                {
                    end = name.IndexOf(Pattern[p + 1], i + 1);
                    if (end < 0)
                    {
                        return null;
                    }
                }

                var rest = Best(name, p + 1, end);
                if (rest is not null)
                {
                    rest.Value.Steps.Insert(0, (c == '?' ? 1 : 2, end - i));
                    rest.Value.Parts.Insert(0, name[i..end]);
                    return rest;
                }

                if (c == '?')
                {
                    return null;
                }
            }

            return null;
        }

        if (name[i] != c)
        {
            return null;
        }

        var tail = Best(name, p + 1, i + 1);
        tail?.Steps.Insert(0, (0, 1));
        return tail;
    }
}
