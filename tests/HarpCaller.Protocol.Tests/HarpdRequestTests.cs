using System.Text.Json;
using static HarpCaller.Protocol.Tests.Utf8Text;

namespace HarpCaller.Protocol.Tests;

public class HarpdRequestTests
{
    [Fact]
    public void Encode_HasExactLayout()
    {
        Assert.Equal(
            "{\"harp\":1,\"procedure\":\"restart\",\"arguments\":[1,123456789012345678901234567890,\"\\uD83D\\uDE00\"],\"auth\":{\"user\":\"rpc-system\",\"password\":\"s3cret\"}}\n",
            Text(HarpdRequest.Encode("restart", "[1,123456789012345678901234567890,\"\\uD83D\\uDE00\"]", "rpc-system", "s3cret")));
    }

    [Fact]
    public void Encode_EscapesStrings()
    {
        byte[] line = HarpdRequest.Encode("p\"é", "{}", "us\\er", "pa\"ss\nwörd😀");
        Assert.Equal("{\"harp\":1,\"procedure\":\"p\\\"é\",\"arguments\":{},\"auth\":{\"user\":\"us\\\\er\",\"password\":\"pa\\\"ss\\nwörd😀\"}}\n", Text(line));
        using JsonDocument document = JsonDocument.Parse(line);
        Assert.Equal("pa\"ss\nwörd😀", document.RootElement.GetProperty("auth").GetProperty("password").GetString());
    }

    [Fact]
    public void Encode_HandlesLargeArguments()
    {
        string arguments = "[\"" + new string('a', 3_000_000) + "\"]";
        byte[] line = HarpdRequest.Encode("p", arguments, "u", "w");
        Assert.Equal(arguments.Length + "{\"harp\":1,\"procedure\":\"p\",\"arguments\":,\"auth\":{\"user\":\"u\",\"password\":\"w\"}}\n".Length, line.Length);
    }
}
