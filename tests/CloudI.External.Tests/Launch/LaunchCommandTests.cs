using CloudI.External.Launch;

namespace CloudI.External.Tests.Launch;

public sealed class LaunchCommandTests
{
    [Fact]
    public void Create_ExpandsEverything()
    {
        var command = LaunchCommand.Create("$HOME/bin/python3", "  -u \"$HOME/my service.py\" ${CLOUDI_API_INIT_PROCESS_INDEX}",
            [KeyValuePair.Create("PYTHONPATH", "$HOME/lib")], LaunchTestData.Init, LaunchTestData.Lookup);
        Assert.Equal("/home/cloudi/bin/python3", command.FilePath);
        Assert.Equal(["-u", "/home/cloudi/my service.py", "1"], command.Arguments);
        Assert.Equal(["/home/cloudi/bin/python3", "-u", "/home/cloudi/my service.py", "1"], command.ToArgv());
        Assert.Equal("PYTHONPATH=/home/cloudi/lib", command.Environment[0]);
        Assert.Equal(9, command.Environment.Count);
    }

    [Fact]
    public void Create_ExpandsTheWorkingDirectory()
    {
        // The directory option takes $VAR substitution too (runtime semantics, options table).
        var command = LaunchCommand.Create("/usr/bin/env", "", [], LaunchTestData.Init, LaunchTestData.Lookup,
            directory: "${HOME}/run/$CLOUDI_API_INIT_PROCESS_INDEX");
        Assert.Equal("/home/cloudi/run/1", command.WorkingDirectory);
        Assert.Null(LaunchCommand.Create("/usr/bin/env", "", [], LaunchTestData.Init, LaunchTestData.Lookup).WorkingDirectory);
    }

    [Fact]
    public void EmptyArgs_OnlyArgv0()
    {
        var command = LaunchCommand.Create("/usr/bin/env", "", [], LaunchTestData.Init, LaunchTestData.Lookup);
        Assert.Empty(command.Arguments);
        Assert.Equal(["/usr/bin/env"], command.ToArgv());
    }

    [Theory]
    [InlineData("")]
    [InlineData("$UNDEFINED")]
    [InlineData("${EMPTY}")]
    public void EmptyPath_IsRejected(string path)
    {
        var e = Assert.Throws<LaunchException>(() =>
            LaunchCommand.Create(path, "", [], LaunchTestData.Init, LaunchTestData.Lookup));
        Assert.Equal("service_external_file_path_invalid_expanded", e.Reason);
        Assert.StartsWith("service_external_file_path_invalid_expanded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_CarryTheReasonAtom()
    {
        Assert.Equal(LaunchReasons.ArgsInvalidQuotes, Assert.Throws<LaunchException>(() =>
            LaunchCommand.Create("/bin/x", "'a", [], LaunchTestData.Init, LaunchTestData.Lookup)).Reason);
        Assert.Equal(LaunchReasons.EnvInvalidExpanded, Assert.Throws<LaunchException>(() =>
            LaunchCommand.Create("/bin/x", "", [KeyValuePair.Create("$UNDEFINED", "v")], LaunchTestData.Init,
                LaunchTestData.Lookup)).Reason);
    }

    [Fact]
    public void DefaultLookup_IsTheRuntimeEnvironment()
    {
        string? home = Environment.GetEnvironmentVariable("PATH");
        var command = LaunchCommand.Create("/bin/x", "$PATH", [], LaunchTestData.Init);
        if (string.IsNullOrEmpty(home))
            Assert.Empty(command.Arguments);
        else
            Assert.Equal(ArgumentSplitter.Split(home), command.Arguments);
    }
}
