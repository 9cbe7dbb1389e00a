using CloudI.External.Launch;

namespace CloudI.External.Tests.Launch;

public sealed class ExternalEnvironmentTests
{
    private static readonly string[] InitEntries =
    [
        "CLOUDI_API_INIT_THREAD_COUNT=2",
        "CLOUDI_API_INIT_PROTOCOL=local",
        "CLOUDI_API_INIT_BUFFER_SIZE=65536",
        "CLOUDI_API_INIT_TIMEOUT_INITIALIZE=5000",
        "CLOUDI_API_INIT_TIMEOUT_TERMINATE=59900",
        "CLOUDI_API_INIT_PROCESS_INDEX=1",
        "CLOUDI_API_INIT_PROCESS_COUNT_MAX=4",
        "CLOUDI_API_INIT_PROCESS_COUNT_MIN=2",
    ];

    private static IReadOnlyList<string> Build(params (string Key, string Value)[] env) =>
        ExternalEnvironment.Build(env.Select(e => KeyValuePair.Create(e.Key, e.Value)),
            LaunchTestData.Init, ExternalEnvironment.CreateLookup(LaunchTestData.Init, LaunchTestData.Lookup));

    [Fact]
    public void NothingInherited_OnlyTheEightVariables()
    {
        Assert.Equal(InitEntries, Build());
    }

    [Fact]
    public void ConfiguredEntries_Substituted_InOrder_BeforeTheEight()
    {
        IReadOnlyList<string> env = Build(("PATH", "$HOME/bin:/usr/bin"), ("KEY_$A", "v${A_B2}"), ("LITERAL", "\\$HOME"));
        Assert.Equal(["PATH=/home/cloudi/bin:/usr/bin", "KEY_1=vab", "LITERAL=$HOME", .. InitEntries], env);
    }

    [Fact]
    public void EmptyValues_AreOmitted()
    {
        Assert.Equal(InitEntries, Build(("X", ""), ("Y", "$UNDEFINED"), ("Z", "${EMPTY}")));
    }

    [Fact]
    public void ApiVariables_ReplaceConfiguredOnes_AndAreVisibleToSubstitution()
    {
        IReadOnlyList<string> env = Build(("CLOUDI_API_INIT_PROTOCOL", "udp"), ("THREADS", "${CLOUDI_API_INIT_THREAD_COUNT}"),
            ("CLOUDI_API_INIT_${UNDEFINED}BUFFER_SIZE", "1"));
        Assert.Equal(["THREADS=2", .. InitEntries], env);
        Assert.Single(env, e => e.StartsWith("CLOUDI_API_INIT_PROTOCOL=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$UNDEFINED")]
    [InlineData("${EMPTY}")]
    public void EmptyName_IsRejected(string key)
    {
        var e = Assert.Throws<LaunchException>(() => Build((key, "value")));
        Assert.Equal("service_external_env_invalid_expanded", e.Reason);
    }

    [Fact]
    public void EmptyName_IsRejectedEvenWithEmptyValue()
    {
        Assert.Equal(LaunchReasons.EnvInvalidExpanded, Assert.Throws<LaunchException>(() => Build(("", ""))).Reason);
    }

    [Fact]
    public void NamesWithEqualsOrNul_AreRejected()
    {
        Assert.Equal(LaunchReasons.EnvInvalidExpanded, Assert.Throws<LaunchException>(() => Build(("A=B", "v"))).Reason);
        Assert.Equal(LaunchReasons.EnvInvalidExpanded, Assert.Throws<LaunchException>(() => Build(("A", "v\0w"))).Reason);
    }

    [Fact]
    public void InvalidUnicode_IsRejected()
    {
        Assert.Equal(LaunchReasons.EnvInvalidUnicode, Assert.Throws<LaunchException>(() => Build(("K", "bad\ud800"))).Reason);
        Assert.Equal(["K=caf\u00e9 \u2603", .. InitEntries], Build(("K", "caf\u00e9 \u2603")));
    }

    [Fact]
    public void ProtocolNames()
    {
        Assert.Equal("local", LaunchTestData.Init.Lookup("CLOUDI_API_INIT_PROTOCOL"));
        Assert.Equal("tcp", (LaunchTestData.Init with { Protocol = "tcp" }).Lookup("CLOUDI_API_INIT_PROTOCOL"));
        Assert.Equal("udp", (LaunchTestData.Init with { Protocol = "udp" }).Lookup("CLOUDI_API_INIT_PROTOCOL"));
        Assert.Null(LaunchTestData.Init.Lookup("HOME"));
        Assert.Equal(8, ApiInitVariables.Names.Count);
    }
}
