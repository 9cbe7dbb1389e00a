using HarpCaller.Configuration;

namespace HarpCaller.Tests.Configuration;

/// <summary>Problems with the file itself are configuration errors too, never raw I/O exceptions.</summary>
public sealed class ConfigLoaderFileTests
{
    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        using var dir = new TempDirectory();
        var path = dir.File("absent.toml");

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Load(path));

        Assert.Equal($"{path}: configuration file not found", error.Message);
        Assert.Null(error.Line);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void Load_MissingDirectory_SaysTheFileIsNotFound()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "no-such-dir", "harpcaller.toml");

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Load(path));

        Assert.Equal($"{path}: configuration file not found", error.Message);
    }

    [Fact]
    public void Load_ADirectory_CannotBeRead()
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Load(dir.Path));

        Assert.StartsWith($"{dir.Path}: cannot read the configuration file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidUtf8_NamesTheLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("harpcaller.toml");
        File.WriteAllBytes(path, [.. "max_age = 1\nhost_db = \""u8, 0xFF, .. "\"\n"u8]);

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Load(path));

        Assert.StartsWith($"{path}:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorsNameTheFileAsGiven()
    {
        using var dir = new TempDirectory();
        var path = dir.File("harpcaller.toml");
        File.WriteAllText(path, "\nmax_exec_time = 0\n");

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Load(path));

        Assert.Equal($"{path}:2: key \"max_exec_time\": must be a positive number of seconds", error.Message);
    }

    [Fact]
    public void Load_AcceptsAByteOrderMarkAndCrlf()
    {
        using var dir = new TempDirectory();
        var path = dir.File("harpcaller.toml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "max_exec_time = 9\r\n[erlang]\r\nnode_name = \"n\"\r\n"u8]);

        var options = HarpCallerConfigLoader.Load(path);

        Assert.Equal(TimeSpan.FromSeconds(9), options.MaxExecTime);
        Assert.Equal("n", options.Erlang.NodeName);
    }
}
