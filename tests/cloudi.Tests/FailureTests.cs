namespace CloudI.Executable.Tests;

/// <summary>Start-up failures: each is reported clearly and ends the process with its exit code.</summary>
public sealed class FailureTests
{
    [Theory]
    // Not Erlang term text: the reader's error.
    [InlineData("{services, [\n    [{prefix, \"/a/\"}, {module, 'CloudI.TestServices.Echo'}]\n]}\n{logging, []}.\n", 4, 1)]
    // Valid terms, invalid configuration: CloudI's reason atom.
    [InlineData("{services, [\n  [{prefix, \"/a/\"}, {module, 'CloudI.TestServices.Echo'}, {count_process, 0}]\n]}.\n", 2, 75,
        "service_internal_count_process_invalid")]
    [InlineData("{services, []}.\n{logging, [{level, loud}]}.\n", 2, 20, "logging_level_invalid")]
    public async Task A_broken_configuration_names_file_line_and_column_and_exits_4(string text, int line, int column,
        string? reason = null)
    {
        using var dir = new TestDir();
        dir.WriteConfig(text);
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        Assert.Equal(4, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.StartsWith($"cloudi: invalid configuration: {dir.Config}:{line}:", runtime.Stderr);
        if (reason is not null)
        {
            Assert.StartsWith($"cloudi: invalid configuration: {dir.Config}:{line}:{column}: {reason}: ", runtime.Stderr);
        }

        Assert.False(Path.Exists(dir.Socket));
    }

    [Fact]
    public async Task A_missing_configuration_file_exits_4()
    {
        using var dir = new TestDir();
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        Assert.Equal(4, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains($"cannot read the configuration {dir.Config}", runtime.Stderr);
    }

    [Fact]
    public async Task A_service_that_fails_init_stops_the_started_ones_and_exits_5()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Services(
            Configs.Service("Echo"),
            Configs.Service("FailInit", prefix: "/bad/", args: "[{fail, \"no database today\"}]"),
            Configs.Service("Reverse")) + "{logging, [{file, \"cloudi.log\"}]}.\n");
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        Assert.Equal(5, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains($"cloudi: cannot start: {dir.Config}:4:5: service 2 of 3, CloudI.TestServices.FailInit (prefix /bad/): "
            + "service_internal_start_failed: ", runtime.Stderr);
        Assert.Contains("no database today", runtime.Stderr);
        string log = File.ReadAllText(Path.Combine(dir.Path, "cloudi.log"));
        Assert.Contains(" FATAL cloudi: cannot start: ", log);
        Assert.Contains("System.InvalidOperationException: no database today", log);
        Assert.Contains("CloudI.TestServices.Echo", log);
        Assert.Contains(") removed", log); // the Echo service that had started was stopped
        Assert.DoesNotContain("CloudI.TestServices.Reverse", log); // never started
        Assert.DoesNotContain("cloudi started", log);
        Assert.False(Path.Exists(dir.Socket));
    }

    [Fact]
    public async Task An_unknown_service_module_exits_5()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Services("[{prefix, \"/x/\"}, {module, 'No.Such.Service'}]"));
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        Assert.Equal(5, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("service_internal_module_not_found", runtime.Stderr);
        Assert.Contains("No.Such.Service", runtime.Stderr);
    }

    [Fact]
    public async Task An_external_service_that_cannot_be_executed_fails_the_start_with_exit_5()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Services(
            Configs.Service("Echo"),
            "{external, \"/py/\", \"/no/such/program\", \"\", [], immediate_closest, default, default,\n"
            + "     5000, 5000, 5000, undefined, undefined, 1, 1, 0, 300, []}"));
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        Assert.Equal(5, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("exec_ENOENT", runtime.Stderr);
        Assert.DoesNotContain("cloudi started", runtime.Stdout);
    }

    [Fact]
    public async Task An_external_python_service_starts_and_answers()
    {
        using var dir = new TestDir();
        string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "echo_service.py");
        dir.WriteConfig(Configs.Services(
            "{external, \"/py/\", \"/usr/bin/python3\", \"" + script + "\", [], immediate_closest, default, default,\n"
            + "     5000, 5000, 5000, undefined, undefined, 2, 1, 5, 300, []}"));
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        await runtime.WaitForLineAsync("cloudi started:");
        List<string> replies = await Cloudi.ExchangeAsync(dir.Socket, System.Text.Encoding.UTF8.GetBytes(
            "{\"command\":\"send_sync\",\"name\":\"/py/echo\",\"request\":\"abc\"}\n"), 1);
        Assert.Contains("\"py:abc\"", replies[0]);
        (int exit, string stdout, _) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}");
        Assert.Equal(0, exit);
        Assert.Contains("/usr/bin/python3", stdout);
        (exit, _, _) = await Cloudi.RunAsync("stop", $"--socket={dir.Socket}", "--timeout=20");
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task A_second_start_on_the_same_socket_is_refused_with_exit_6()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid());
        await using CloudiProcess first = Cloudi.Start(dir.StartArgs());
        await first.WaitForLineAsync("cloudi started:");

        await using CloudiProcess second = Cloudi.Start(dir.StartArgs());
        Assert.Equal(6, await second.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains($"cloudi: cannot start: another CloudI runtime is running on the control socket {dir.Socket}", second.Stderr);
        Assert.DoesNotContain("CloudI.TestServices", second.Stdout); // no service was started

        // The first one is untouched.
        var (exit, stdout, _) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}");
        Assert.Equal(0, exit);
        Assert.Contains($"pid:      {first.Pid}", stdout);
        Assert.Equal(0, (await Cloudi.RunAsync("stop", $"--socket={dir.Socket}")).Exit);
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_socket_path_that_is_not_a_socket_is_left_alone()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid());
        File.WriteAllText(dir.Socket, "precious");
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        Assert.Equal(6, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("exists and is not a socket", runtime.Stderr);
        Assert.Equal("precious", File.ReadAllText(dir.Socket));
    }

    [Fact]
    public async Task The_stale_socket_of_a_killed_runtime_is_replaced()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid());
        await using (CloudiProcess killed = Cloudi.Start(dir.StartArgs()))
        {
            await killed.WaitForLineAsync("cloudi started:");
            Cloudi.Signal(killed.Pid, 9); // SIGKILL: no chance to remove the socket
            Assert.Equal(137, await killed.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        }

        Assert.True(Path.Exists(dir.Socket), "a killed runtime leaves its socket behind");
        Assert.Equal(3, (await Cloudi.RunAsync("status", $"--socket={dir.Socket}")).Exit);

        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        await runtime.WaitForLineAsync("cloudi started:");
        Assert.Contains($"WARN cloudi.control: replaced the stale control socket {dir.Socket}", runtime.Stdout);
        Assert.Equal(0, (await Cloudi.RunAsync("status", $"--socket={dir.Socket}")).Exit);
        Cloudi.Signal(runtime.Pid, Cloudi.SIGTERM);
        Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(Path.Exists(dir.Socket));
    }
}
