using CloudI.Services;

namespace CloudI.Examples.Tests;

public sealed class HttpReqServiceTests : ExamplesTestBase
{
    private const string Name = "/tests/http_req/csharp.xml/get";

    private async Task<ServiceDispatcher> StartAsync()
    {
        await Start(typeof(HttpReqService), "/tests/http_req/");
        return Runtime.CreateContext();
    }

    [Fact]
    public async Task Value42_AnswersTheXmlDocument_WithAnXmlContentType()
    {
        ServiceDispatcher context = await StartAsync();
        SendSyncResult result = await context.SendSync(Name, default, Bytes("value\u000042\u0000"), 5000);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal("<http_test><value>42</value></http_test>", result.ResponseText);
        Assert.Equal("content-type\u0000text/xml; charset=utf-8\u0000", Text(result.ResponseInfo));
    }

    [Theory]
    [InlineData("x\u00001\u0000value\u00007\u0000value\u00008\u0000", "<http_test><value>7</value></http_test>")]
    [InlineData("value\u0000-5\u0000", "<http_test><value>-5</value></http_test>")]
    [InlineData("value\u0000+007\u0000", "<http_test><value>7</value></http_test>")]
    [InlineData("value\u0000123456789012345678901234567890\u0000",
        "<http_test><value>123456789012345678901234567890</value></http_test>")]
    public async Task Value_IsTheFirstOne_ReadAsAnErlangInteger(string query, string expected)
    {
        ServiceDispatcher context = await StartAsync();
        Assert.Equal(expected, await Call(context, Name, query));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x\u00001\u0000")]
    [InlineData("value=42")]
    public async Task MissingValue_AnswersTheOriginalsErrorDocument(string query)
    {
        ServiceDispatcher context = await StartAsync();
        Assert.Equal(HttpReqService.NoValueBody, await Call(context, Name, query));
    }

    [Theory]
    [InlineData("value\u0000abc\u0000")]
    [InlineData("value\u0000\u0000")]
    [InlineData("value\u0000 42\u0000")]
    [InlineData("value\u00004.2\u0000")]
    public async Task ValueNotAnInteger_FailsCleanly_AndTheServiceKeepsRunning(string query)
    {
        ServiceDispatcher context = await StartAsync();
        Guid id = Runtime.Services.Single().Id;

        SendSyncResult bad = await context.SendSync(Name, default, Bytes(query), 5000);
        Assert.True(bad.IsOk, bad.Error);
        Assert.Equal(HttpReqService.NotIntegerBody, bad.ResponseText);
        Assert.Equal("content-type\u0000text/xml; charset=utf-8\u0000", Text(bad.ResponseInfo));

        // No crash, no restart: the same instance answers the next request.
        Assert.Equal("<http_test><value>1</value></http_test>", await Call(context, Name, "value\u00001\u0000"));
        Assert.Equal(id, Runtime.Services.Single().Id);
        Assert.Equal(["/tests/http_req/csharp.xml/get"], Runtime.Subscriptions(id));
    }

    [Theory]
    [InlineData("value\u000042\u0000")]
    [InlineData("value\u0000-0\u0000")]
    [InlineData("value\u0000+0000\u0000")]
    [InlineData("value\u0000-000120\u0000")]
    [InlineData("value\u0000+\u0000")]
    [InlineData("value\u0000-\u0000")]
    [InlineData("value\u0000--1\u0000")]
    [InlineData("value\u00001_000\u0000")]
    [InlineData("value\u0000\u0664\u0662\u0000")]
    [InlineData("value\u00001\u0000value")]
    [InlineData("value\u00001\u0000x\u0000")]
    [InlineData("x\u0000value\u0000value\u00009\u0000")]
    [InlineData("\u00e9\u0000\u0000value\u000012345678901234567890123\u0000")]
    [InlineData("")]
    public void BodyBytes_IsTheUtf8OfBody(string query)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(query);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(HttpReqService.Body(bytes)), HttpReqService.BodyBytes(bytes));
    }

    [Fact]
    public void BodyBytes_IsTheUtf8OfBody_ForRandomQueries()
    {
        // Bytes drawn from the ones that matter (separators, signs, digits, key letters, an
        // invalid UTF-8 byte), so malformed and well-formed pairs both come up often.
        byte[] alphabet = [0, 0, 0, (byte)'+', (byte)'-', (byte)'0', (byte)'1', (byte)'9', (byte)'v', (byte)' ', 0xC3, 0x80];
        byte[] key = "value\0"u8.ToArray();
        var random = new Random(42);
        for (int n = 0; n < 20_000; n++)
        {
            var query = new List<byte>();
            if (random.Next(2) == 0)
            {
                query.AddRange(key);
            }

            int length = random.Next(12);
            for (int k = 0; k < length; k++)
            {
                query.Add(alphabet[random.Next(alphabet.Length)]);
            }

            byte[] bytes = [.. query];
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(HttpReqService.Body(bytes)), HttpReqService.BodyBytes(bytes));
        }
    }
}
