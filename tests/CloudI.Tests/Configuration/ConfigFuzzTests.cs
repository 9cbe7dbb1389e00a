using System.Text;
using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Tests.Configuration;

public sealed class ConfigFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ".", "\"", "'", "|", "%", "\n", " ", "0", "-1", "1.5", "0.0", "4294967296", "undefined",
        "none", "infinity", "system", "true", "false", "default", "lazy_closest", "\"/a/**\"", "\"\"", "[]", "{}", "a@b",
        "internal", "external", "options", "acl", "services", "nodes", "logging", "<<\"x\">>", "#{}", "$a", "16#FF",
        "\"/x/\"", "[{duo_mode, true}]", "[{timeout_terminate, 60000}]", "99999999999999999999999",
    ];

    [Fact]
    public void Mutated_configurations_only_fail_with_configuration_or_syntax_errors()
    {
        var random = new Random(1_553);
        string original = CloudIConfigReaderTests.Realistic;
        var tokens = Tokens(original);
        int accepted = 0, rejected = 0;
        for (int iteration = 0; iteration < 4000; iteration++)
        {
            string text = Mutate(original, tokens, random);
            try
            {
                ConfigText.Parse(text);
                accepted++;
            }
            catch (CloudIConfigException error)
            {
                Assert.False(string.IsNullOrEmpty(error.Reason));
                rejected++;
            }
            catch (ErlangTermSyntaxException)
            {
                rejected++;
            }
        }

        Assert.True(accepted > 100 && rejected > 1000, $"accepted {accepted}, rejected {rejected}");
    }

    private static string Mutate(string text, List<string> tokens, Random random)
    {
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations; m++)
        {
            int at = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0: // delete a few characters
                    text = text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(6)));
                    break;
                case 1: // insert a fragment
                    text = text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2: // replace a token by another token of the file
                    {
                        var own = Tokens(text);
                        if (own.Count == 0)
                        {
                            break;
                        }

                        string victim = own[random.Next(own.Count)];
                        int index = text.IndexOf(victim, StringComparison.Ordinal);
                        text = string.Concat(text.AsSpan(0, index), tokens[random.Next(tokens.Count)], text.AsSpan(index + victim.Length));
                        break;
                    }

                case 3: // duplicate a slice
                    {
                        int length = Math.Min(text.Length - at, random.Next(40));
                        text = text.Insert(random.Next(text.Length), text.Substring(at, length));
                        break;
                    }

                default: // replace a character
                    var sb = new StringBuilder(text);
                    sb[at] = "{}[],.\"'0a_ -|\n"[random.Next(15)];
                    text = sb.ToString();
                    break;
            }

            if (text.Length == 0)
            {
                break;
            }
        }

        return text;
    }

    // Rough tokens: words, numbers, strings and punctuation; enough to swap one value for another.
    private static List<string> Tokens(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, "\"[^\"\\n]*\"|'[^'\\n]*'|[A-Za-z0-9_@.$/-]+|[{}\\[\\],]")
            .Select(m => m.Value)
            .ToList();
}
