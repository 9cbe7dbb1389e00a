using System.Text;

namespace Toml.Tests;

/// <summary>
/// Generated hostile input: the parser either succeeds or throws <see cref="TomlException"/>, never anything
/// else, never overflows the stack, never hangs. Seeds are fixed so a failure reproduces.
/// </summary>
public sealed class FuzzTests
{
    private const int Levels = 100_000;

    // A budget far above the real cost (well under a second) so only a hang fails it.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    private static readonly string[] Fragments =
    [
        "[", "]", "[[", "]]", "{", "}", "=", ".", ",", "\"", "'", "\"\"\"", "'''", "\\", "\\u", "\\U0010FFFF",
        "\n", "\r\n", "\r", "#", " ", "\t", "0x", "1e", "_", "-", "+", "inf", "nan", "true", "1979-05-27",
        "T07:32:00", "Z", "+25:00", "a.b", "\u00e9", "\U0001F600", "\uFEFF", "\0",
    ];

    public static TheoryData<string> DeepDocuments() => new(
        "a = " + new string('[', Levels),
        "a = " + new string('[', Levels) + new string(']', Levels),
        "a = " + string.Concat(Enumerable.Repeat("{b=", Levels)),
        "a = " + string.Concat(Enumerable.Repeat("{b=", Levels)) + "1" + new string('}', Levels),
        "a = " + string.Concat(Enumerable.Repeat("[{b=", Levels)),
        "a" + string.Concat(Enumerable.Repeat(".a", Levels)) + " = 1",
        "[a" + string.Concat(Enumerable.Repeat(".a", Levels)) + "]",
        "[[a" + string.Concat(Enumerable.Repeat(".a", Levels)) + "]]",
        "a = {" + string.Concat(Enumerable.Repeat("b.", Levels)) + "c = 1}");

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public void DeepNesting_IsRejectedWithTomlException(string text)
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(text));

        Assert.True(error.Line >= 1, error.Message);
    }

    [Fact]
    public void ModerateNesting_IsAccepted()
    {
        var root = TomlDocument.Parse("a = " + new string('[', 100) + new string(']', 100));

        Assert.Equal(TomlValueKind.Array, root["a"].Kind);
    }

    [Fact]
    public async Task MutatedCorpus_OnlyEverThrowsTomlException()
    {
        var corpus = TomlTestSuite.ListedFiles()
            .Where(f => f.EndsWith(".toml", StringComparison.Ordinal))
            .Select(f => File.ReadAllBytes(TomlTestSuite.FullPath(f)))
            .ToList();

        var run = Task.Run(() =>
        {
            var random = new Random(20240611);
            var count = 0;
            foreach (var original in corpus)
            {
                for (var i = 0; i < 8; i++)
                {
                    ParseExpectingOnlyTomlErrors(Mutate(original, random));
                    count++;
                }
            }

            return count;
        });

        // WaitAsync throws TimeoutException if the parser loops.
        var count = await run.WaitAsync(Budget);
        Assert.Equal(corpus.Count * 8, count);
    }

    [Fact]
    public async Task RandomInput_OnlyEverThrowsTomlException()
    {
        var run = Task.Run(() =>
        {
            var random = new Random(8675309);
            for (var i = 0; i < 3000; i++)
            {
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                ParseExpectingOnlyTomlErrors(bytes);

                // Token soup reaches far deeper into the grammar than random bytes do.
                var text = new StringBuilder();
                var parts = random.Next(1, 40);
                for (var p = 0; p < parts; p++)
                {
                    text.Append(random.Next(3) == 0 ? (char)random.Next('a', 'z' + 1) : Fragments[random.Next(Fragments.Length)]);
                }

                ParseExpectingOnlyTomlErrors(Encoding.UTF8.GetBytes(text.ToString()));
                ParseStringExpectingOnlyTomlErrors(text.ToString());

                // Arbitrary UTF-16, unpaired surrogates included: the string entry point has no decoder to catch them.
                var chars = new char[random.Next(0, 100)];
                for (var c = 0; c < chars.Length; c++)
                {
                    chars[c] = (char)random.Next(0, 0x10000);
                }

                ParseStringExpectingOnlyTomlErrors(new string(chars));
            }
        });

        // WaitAsync throws TimeoutException if the parser loops.
        await run.WaitAsync(Budget);
    }

    private static void ParseExpectingOnlyTomlErrors(byte[] input)
    {
        try
        {
            TomlDocument.Parse(input, "fuzz.toml");
        }
        catch (TomlException)
        {
            // The only acceptable failure.
        }
    }

    private static void ParseStringExpectingOnlyTomlErrors(string input)
    {
        try
        {
            TomlDocument.Parse(input, "fuzz.toml");
        }
        catch (TomlException)
        {
            // The only acceptable failure.
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 3:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 4 when bytes.Count > 0:
                    var length = Math.Min(random.Next(1, 32), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes.RemoveRange(at, bytes.Count - at);
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
