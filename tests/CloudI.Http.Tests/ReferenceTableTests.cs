using System.Diagnostics;
using System.Net;
using System.Text;
using CloudI.Services;

namespace CloudI.Http.Tests;

/// <summary>The "Behaviour of CloudI 2.0.7" table of spec a.3 (front timeout_sync 30000, text_pairs).</summary>
public sealed class ReferenceTableTests : FrontTestBase
{
    private async Task StartVec(string frontArgs = "{query_get_format, text_pairs}")
    {
        await Backend("/vec/", new Behaviour
        {
            Subscribe = ["a/get", "null/get", "*", "echo.json/put", "echo/connect", "echo/patch"],
            Handle = r => new(r.Name switch
            {
                "/vec/a/get" => RequestResult.Reply(
                    Info(("status", "201"), ("x-test", "1"), ("content-type", "text/plain")), "created"u8.ToArray()),
                "/vec/null/get" => RequestResult.Reply(default, default),
                _ => RequestResult.Reply(Encoding.UTF8.GetBytes(r.Name)),
            }),
        });
        await StartFront(frontArgs);
    }

    [Fact]
    public async Task Get_with_status_and_headers_in_the_info()
    {
        await StartVec();
        using HttpResponseMessage response = await Client.GetAsync("/vec/a");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Created", response.ReasonPhrase);
        Assert.Equal("text/plain", Header(response, "content-type"));
        Assert.Equal("1", Header(response, "x-test"));
        Assert.Equal("created", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Null_response_gives_504_immediately_above_the_threshold()
    {
        await StartVec();
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await Client.GetAsync("/vec/null");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.True(clock.ElapsedMilliseconds < 2000, $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Pattern_catch_with_empty_info_guesses_the_type()
    {
        await StartVec();
        using HttpResponseMessage response = await Client.GetAsync("/vec/other.txt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", Header(response, "content-type"));
        Assert.Equal("/vec/other.txt/get", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_goes_to_the_put_suffix_and_gets_json()
    {
        await StartVec();
        using HttpResponseMessage response = await Client.PutAsync("/vec/echo.json", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", Header(response, "content-type"));
        Assert.Equal("/vec/echo.json/put", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Patch_goes_to_patch_by_default()
    {
        await StartVec();
        using HttpResponseMessage response = await Client.PatchAsync("/vec/echo", new ByteArrayContent([]));
        Assert.Equal("/vec/echo/patch", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Patch_goes_to_connect_with_the_compatibility_switch()
    {
        await StartVec("{query_get_format, text_pairs}, {patch_method_suffix, connect}");
        using HttpResponseMessage response = await Client.PatchAsync("/vec/echo", new ByteArrayContent([]));
        Assert.Equal("/vec/echo/connect", await response.Content.ReadAsStringAsync());
    }
}
