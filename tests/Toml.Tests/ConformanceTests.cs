using System.Text.Json;

namespace Toml.Tests;

/// <summary>The toml-test suite's TOML 1.0 cases, one test case per file.</summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> ValidCases() => new(TomlTestSuite.ValidCases());

    public static TheoryData<string> InvalidCases() => new(TomlTestSuite.InvalidCases());

    [Fact]
    public void Suite_ListsTheExpectedNumberOfCases()
    {
        Assert.Equal(210, TomlTestSuite.ValidCases().Count());
        Assert.Equal(499, TomlTestSuite.InvalidCases().Count());
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_DecodesToExpectedValues(string file)
    {
        var bytes = File.ReadAllBytes(TomlTestSuite.FullPath(file));
        var expectedPath = Path.ChangeExtension(TomlTestSuite.FullPath(file), ".json");
        using var expected = JsonDocument.Parse(File.ReadAllBytes(expectedPath));

        var document = TomlDocument.Parse(bytes, file);

        var difference = TomlJsonComparer.Difference(document, expected.RootElement);
        Assert.True(difference is null, difference);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_IsRejectedWithTomlException(string file)
    {
        var bytes = File.ReadAllBytes(TomlTestSuite.FullPath(file));

        // Assert.Throws demands exactly this type: any other exception fails the case.
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(bytes, file));

        Assert.Equal(file, error.FileName);
        Assert.True(error.Line >= 1 && error.Column >= 1, error.Message);
        Assert.StartsWith($"{file}:{error.Line}:{error.Column}: ", error.Message, StringComparison.Ordinal);
    }
}
