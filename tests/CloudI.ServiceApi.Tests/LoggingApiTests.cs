using CloudI.Configuration;
using CloudI.Runtime;

namespace CloudI.ServiceApi.Tests;

public sealed class LoggingApiTests : ApiTestBase
{
    [Fact]
    public async Task DocumentExamples()
    {
        Assert.Equal("[]", await Get("logging"));
        Assert.Equal("ok", await Post("logging_file_set", "\"logs/cloudi_rotated.log\""));
        Assert.Equal("ok", await Post("logging_level_set", "warn"));
        Assert.Equal("[{file,\"logs/cloudi_rotated.log\"},{level,warn}]", await Get("logging"));
        Assert.Equal("ok", await Post("logging_syslog_set", "[{identity, \"CloudI\"}, {facility, local0}, {level, trace}]"));
        Assert.Equal("ok", await Post("logging_formatters_set",
            "[{any, [{output, lager_file_backend}, {output_args, [{file, \"logs/lager.log\"}]}, {formatter, lager_default_formatter}, {level, trace}]}]"));
        Assert.Equal("ok", await Post("logging_redirect_set", "cloudi@host"));
        Assert.Equal(
            "[{file,\"logs/cloudi_rotated.log\"},{level,warn},{redirect,cloudi@host},{syslog,[{identity,\"CloudI\"},{facility,local0},{level,trace}]}," +
            "{formatters,[{any,[{output,lager_file_backend},{output_args,[{file,\"logs/lager.log\"}]},{formatter,lager_default_formatter},{level,trace}]}]}]",
            await Get("logging"));

        LoggingSettings current = Runtime.Logging.Current;
        Assert.Equal("logs/cloudi_rotated.log", current.File);
        Assert.Equal(CloudILogLevel.Warn, current.Level);
        Assert.Equal("cloudi@host", current.Redirect);
        Assert.Equal(SyslogSettings.Default, current.Syslog);
    }

    [Fact]
    public async Task UndefinedResetsAndAliasesWork()
    {
        Assert.Equal("ok", await Post("loglevel_set", "debug"));
        Assert.Equal(CloudILogLevel.Debug, Runtime.Logging.Current.Level);
        Assert.Equal("ok", await Post("logging_level_set", "undefined"));
        Assert.Equal(CloudILogLevel.Off, Runtime.Logging.Current.Level);
        Assert.Equal("ok", await Post("log_redirect", "a@b"));
        Assert.Equal("ok", await Post("logging_redirect_set", "undefined"));
        Assert.Equal("ok", await Post("logging_file_set", "\"x.log\""));
        Assert.Equal("ok", await Post("logging_file_set", "undefined"));
        Assert.Equal("ok", await Post("logging_syslog_set", "undefined"));
        // Non-default settings only: CloudI's defaults are "logs/cloudi.log" and trace.
        Assert.Equal("[{file,undefined},{level,off}]", await Get("logging"));
    }

    [Theory]
    [InlineData("logging_level_set", "loud", "{error,{logging_level_invalid,loud}}")]
    [InlineData("logging_file_set", "42", "{error,{logging_file_invalid,42}}")]
    [InlineData("logging_syslog_set", "[{facility, nowhere}]", "{error,{logging_syslog_invalid,[{facility,nowhere}]}}")]
    [InlineData("logging_formatters_set", "[{any, [{colour, red}]}]", "{error,{logging_formatters_invalid,{colour,red}}}")]
    [InlineData("logging_redirect_set", "nohost", "{error,{node_invalid,nohost}}")]
    public async Task Errors(string function, string body, string expected) => Assert.Equal(expected, await Post(function, body));

    [Fact]
    public async Task UsesTheHostsControl()
    {
        var control = new RecordingControl();
        Runtime.Logging = control;
        Assert.Equal("{error,eacces}", await Post("logging_file_set", "\"/root/x.log\""));
        Assert.Equal("/root/x.log", control.LastFile);
    }

    private sealed class RecordingControl : ILoggingControl
    {
        private readonly InMemoryLoggingControl _inner = new();

        public string? LastFile { get; private set; }

        public LoggingSettings Defaults => _inner.Defaults;

        public LoggingSettings Current => _inner.Current;

        public string? SetFile(string? path)
        {
            LastFile = path;
            return "eacces";
        }

        public void SetLevel(CloudILogLevel level) => _inner.SetLevel(level);

        public string? SetSyslog(SyslogSettings? syslog) => _inner.SetSyslog(syslog);

        public string? SetFormatters(Erlang.Terms.ErlangTerm? formatters) => _inner.SetFormatters(formatters);

        public void SetRedirect(string? node) => _inner.SetRedirect(node);
    }
}
