using CloudI.External.Launch;

namespace CloudI.External.Tests.Launch;

internal static class LaunchTestData
{
    public static readonly Dictionary<string, string> ProcessEnvironment = new()
    {
        ["HOME"] = "/home/cloudi",
        ["A"] = "1",
        ["A_B2"] = "ab",
        ["SPACED"] = "x y",
        ["QUOTE"] = "\"",
        ["EMPTY"] = "",
        ["CLOUDI_API_INIT_THREAD_COUNT"] = "999", // the runtime's own value is shadowed by the service's
    };

    public static string? Lookup(string name) => ProcessEnvironment.GetValueOrDefault(name);

    public static readonly ApiInitVariables Init = new()
    {
        ThreadCount = 2,
        Protocol = "default",
        BufferSize = 65536,
        TimeoutInitialize = 5000,
        TimeoutTerminate = 59900,
        ProcessIndex = 1,
        ProcessCountMax = 4,
        ProcessCountMin = 2,
    };
}
