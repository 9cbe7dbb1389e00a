namespace HarpCaller.Tests.Hosts;

/// <summary>Sample filler script lines.</summary>
internal static class HostLines
{
    public static string Valid(string hostname, string address = "10.0.0.5", string port = "4306", string user = "rpc", string password = "pw") =>
        $"{{\"hostname\":\"{hostname}\",\"address\":\"{address}\",\"port\":{port},\"credentials\":{{\"user\":\"{user}\",\"password\":\"{password}\"}}}}";

    /// <summary>Lines the spec says to ignore, one per rule, each with a secret password.</summary>
    public static TheoryData<string, string> Rejected()
    {
        const string c = "\"credentials\":{\"user\":\"rpc\",\"password\":\"pw-SECRET\"}";
        return new TheoryData<string, string>
        {
            { "not JSON", "web01 10.0.0.5 4306 rpc pw-SECRET" },
            { "truncated JSON", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306," + c },
            { "array", "[\"web01\",\"10.0.0.5\",4306,\"pw-SECRET\"]" },
            { "string", "\"pw-SECRET\"" },
            { "two objects", Valid("web01", password: "pw-SECRET") + " {}" },
            { "hostname missing", "{\"address\":\"10.0.0.5\",\"port\":4306," + c + "}" },
            { "hostname not string", "{\"hostname\":1,\"address\":\"10.0.0.5\",\"port\":4306," + c + "}" },
            { "hostname null", "{\"hostname\":null,\"address\":\"10.0.0.5\",\"port\":4306," + c + "}" },
            { "address missing", "{\"hostname\":\"web01\",\"port\":4306," + c + "}" },
            { "address not string", "{\"hostname\":\"web01\",\"address\":[10,0,0,5],\"port\":4306," + c + "}" },
            { "port missing", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\"," + c + "}" },
            { "credentials missing", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"password\":\"pw-SECRET\"}" },
            { "credentials not object", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":\"rpc:pw-SECRET\"}" },
            { "credentials array", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":[\"rpc\",\"pw-SECRET\"]}" },
            { "credentials extra key", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":{\"user\":\"rpc\",\"password\":\"pw-SECRET\",\"realm\":\"x\"}}" },
            { "credentials without password", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":{\"user\":\"rpc\"}}" },
            { "credentials without user", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":{\"password\":\"pw-SECRET\"}}" },
            { "credentials duplicate user", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":{\"user\":\"a\",\"user\":\"b\",\"password\":\"pw-SECRET\"}}" },
            { "user not string", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":{\"user\":7,\"password\":\"pw-SECRET\"}}" },
            { "password not string", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306,\"credentials\":{\"user\":\"rpc\",\"password\":[\"pw-SECRET\"]}}" },
            { "duplicate hostname key", "{\"hostname\":\"web01\",\"hostname\":\"web02\",\"address\":\"10.0.0.5\",\"port\":4306," + c + "}" },
            { "trailing comma", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306," + c + ",}" },
            { "comment", "{\"hostname\":\"web01\",\"address\":\"10.0.0.5\",\"port\":4306," + c + "} // pw-SECRET" },
        };
    }
}
