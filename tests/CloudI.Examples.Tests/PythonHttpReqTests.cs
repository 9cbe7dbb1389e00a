using System.Diagnostics;
using CloudI.Configuration;
using CloudI.External.Hosting;
using CloudI.Services;

namespace CloudI.Examples.Tests;

/// <summary>
/// examples/python/http_req.py (on the Python library cloudi_spec.py) behaves as the C#
/// <see cref="HttpReqService"/>: the same document for every query, and the same name and
/// response info when it runs as an external service.
/// </summary>
public sealed class PythonHttpReqTests : ExamplesTestBase
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "python");

    [Fact]
    public async Task Body_IsTheCSharpBody_ForEveryQuery()
    {
        var queries = new List<byte[]>
        {
            Bytes(""), Bytes("value\u000042\u0000"), Bytes("x\u00001\u0000value\u00007\u0000value\u00008\u0000"),
            Bytes("value\u0000-5\u0000"), Bytes("value\u0000+007\u0000"), Bytes("value\u0000-0\u0000"),
            Bytes("value\u0000123456789012345678901234567890\u0000"), Bytes("x\u00001\u0000"), Bytes("value=42"),
            Bytes("value\u0000abc\u0000"), Bytes("value\u0000\u0000"), Bytes("value\u0000 42\u0000"),
            Bytes("value\u00004.2\u0000"), Bytes("value\u00001_000\u0000"), Bytes("value\u0000\u0664\u0662\u0000"),
            Bytes("value\u00001\u0000value"), Bytes("value\u0000" + new string('9', 5000) + "\u0000"),
            new byte[] { 0xC3, 0, 0, (byte)'v', (byte)'a', (byte)'l', (byte)'u', (byte)'e', 0, (byte)'1', 0 },
        };

        // Random byte strings over the bytes that matter, half of them starting with the key.
        byte[] alphabet = [0, 0, 0, (byte)'+', (byte)'-', (byte)'0', (byte)'1', (byte)'9', (byte)' ', 0xC3, 0x80];
        var random = new Random(7);
        for (int n = 0; n < 2000; n++)
        {
            var query = new List<byte>(random.Next(2) == 0 ? "value\0"u8.ToArray() : []);
            for (int k = random.Next(10); k > 0; k--)
            {
                query.Add(alphabet[random.Next(alphabet.Length)]);
            }

            queries.Add([.. query]);
        }

        string program = "import sys\nsys.path.insert(0, sys.argv[1])\nimport http_req\n"
            + "for line in sys.stdin:\n    print(http_req.body(bytes.fromhex(line.strip())).hex())\n";
        var start = new ProcessStartInfo(Python, ["-c", program, Directory])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        foreach (byte[] query in queries)
        {
            await process.StandardInput.WriteLineAsync(Convert.ToHexString(query));
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(Limit);
        Assert.True(process.ExitCode == 0, await errors);
        string[] bodies = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(queries.Count, bodies.Length);
        for (int k = 0; k < queries.Count; k++)
        {
            Assert.True(HttpReqService.Body(queries[k]) == Text(Convert.FromHexString(bodies[k])),
                $"query {Convert.ToHexString(queries[k])}: C# {HttpReqService.Body(queries[k])}, Python {Text(Convert.FromHexString(bodies[k]))}");
        }
    }

    [Fact]
    public async Task AsAnExternalService_AnswersAsTheCSharpService()
    {
        ExternalServices.Enable(Runtime);
        Guid id = await Runtime.AddServiceAsync(new ExternalServiceConfig
        {
            Prefix = "/tests/http_req/",
            FilePath = Python,
            Args = Path.Combine(Directory, "http_req.py"),
            TimeoutInit = 10000,
            TimeoutTerminate = 2000,
        });
        await Start(typeof(HttpReqService), "/tests/http_req/");
        ServiceDispatcher context = Runtime.CreateContext();

        Assert.Equal(["/tests/http_req/python.xml/get"], Runtime.Subscriptions(id));
        foreach (string query in new[] { "value\u000042\u0000", "", "value\u0000abc\u0000", "value\u0000-007\u0000" })
        {
            SendSyncResult python = await context.SendSync("/tests/http_req/python.xml/get", default, Bytes(query), 5000);
            SendSyncResult csharp = await context.SendSync("/tests/http_req/csharp.xml/get", default, Bytes(query), 5000);
            Assert.True(python.IsOk, python.Error);
            Assert.Equal(csharp.ResponseText, python.ResponseText);
            Assert.Equal(Text(csharp.ResponseInfo), Text(python.ResponseInfo));
        }
    }
}
