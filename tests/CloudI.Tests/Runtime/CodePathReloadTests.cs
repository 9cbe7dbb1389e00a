using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.Tests.Runtime;

/// <summary>
/// Code-path assemblies in collectible load contexts: unloaded with their last service instance,
/// and loaded anew when <c>services_update</c> finds the file changed, without dropping requests.
/// The service assembly is a copy of tests/cloudi.Tests/TestServices in a directory of its own.
/// </summary>
public sealed class CodePathReloadTests : RuntimeTestBase, IDisposable
{
    private const string Module = "CloudI.TestServices.Version";

    private static readonly string TestServicesDll = typeof(CodePathReloadTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestServicesDll").Value!;

    private readonly string _directory = Directory.CreateTempSubdirectory("cloudi-codepath-").FullName;

    private string Dll => Path.Combine(_directory, "CloudI.Executable.TestServices.dll");

    public CodePathReloadTests()
    {
        File.Copy(TestServicesDll, Dll);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_assembly_is_unloaded_with_the_last_instance_of_its_types()
    {
        Runtime.ServiceTypes.AddCodePath(_directory);
        var unloaded = new List<string>();
        Runtime.ServiceTypes.AssemblyUnloaded += (_, file) =>
        {
            lock (unloaded)
            {
                unloaded.Add(file);
            }
        };

        Guid first = await Runtime.AddServiceAsync(Config("/a/", processes: 2));
        Guid second = await Runtime.AddServiceAsync(Config("/b/"));
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("code-version-1", (await context.SendSync("/a/version", "")).ResponseText);
        WeakReference contextRef = LoadContextOf(Module);
        Assert.Equal([Dll], Runtime.ServiceTypes.LoadedCodePathAssemblies);

        Assert.True(await Runtime.RemoveServiceAsync(first));
        Assert.Empty(unloaded);
        Assert.Equal("code-version-1", (await context.SendSync("/b/version", "")).ResponseText);

        Assert.True(await Runtime.RemoveServiceAsync(second));
        Assert.Equal([Dll], unloaded);
        Assert.Empty(Runtime.ServiceTypes.LoadedCodePathAssemblies);
        Assert.True(await Collected(contextRef), "the load context is collected once nothing runs its code");

        // Used again: loaded again.
        await Runtime.AddServiceAsync(Config("/c/"));
        Assert.Equal("code-version-1", (await context.SendSync("/c/version", "")).ResponseText);
        Assert.Equal([Dll], Runtime.ServiceTypes.LoadedCodePathAssemblies);
    }

    [Fact]
    public async Task An_update_runs_the_new_file_and_drops_no_request()
    {
        Runtime.ServiceTypes.AddCodePath(_directory);
        Guid id = await Runtime.AddServiceAsync(Config("/v/", processes: 2, delayMs: 2));
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("code-version-1", (await context.SendSync("/v/version", "")).ResponseText);

        // A new release of the assembly, as a deployment would copy it over the old one.
        byte[] bytes = File.ReadAllBytes(Dll);
        int patched = Replace(bytes, Encoding.Unicode.GetBytes("code-version-1"), Encoding.Unicode.GetBytes("code-version-2"));
        Assert.True(patched > 0);
        File.WriteAllBytes(Dll, bytes);
        File.SetLastWriteTimeUtc(Dll, DateTime.UtcNow.AddSeconds(5));

        // Senders keep sending throughout the update: each has an answer from the old release
        // before the update starts and from the new one before they stop.
        using var stop = new CancellationTokenSource();
        var answers = Enumerable.Range(0, 8).Select(_ => new ConcurrentQueue<string>()).ToArray();
        var senders = answers.Select(mine => Task.Run(async () =>
        {
            ServiceDispatcher sender = Runtime.CreateContext();
            while (!stop.IsCancellationRequested)
            {
                SendSyncResult result = await sender.SendSync("/v/version", "", timeout: 5000);
                mine.Enqueue(result.IsOk ? result.ResponseText : $"error: {result.Error}");
            }
        })).ToArray();
        await Until(() => answers.All(a => !a.IsEmpty));

        Assert.True(await Runtime.UpdateServiceAsync(id, Config("/v/", processes: 2, delayMs: 2)));
        await Until(() => answers.All(a => a.Contains("code-version-2")));
        stop.Cancel();
        await Task.WhenAll(senders);
        List<string> all = [.. answers.SelectMany(a => a)];

        Assert.All(all, answer => Assert.StartsWith("code-version-", answer, StringComparison.Ordinal));
        Assert.Contains("code-version-1", all);
        Assert.All(answers, a => Assert.Equal("code-version-2", a.Last()));
        Assert.Equal("code-version-2", (await context.SendSync("/v/version", "")).ResponseText);

        // The old release is gone; the service keeps its id.
        Assert.Equal([Dll], Runtime.ServiceTypes.LoadedCodePathAssemblies);
        Assert.Contains(Runtime.Services, s => s.Id == id);
    }

    [Fact]
    public async Task Host_types_are_not_leased()
    {
        Assert.Null(Runtime.ServiceTypes.Lease(typeof(CodePathReloadTests)));
        Runtime.ServiceTypes.AddCodePath(_directory);
        Type type = Runtime.ServiceTypes.Resolve(Module, out string? error) ?? throw new InvalidOperationException(error);
        Assert.True(AssemblyLoadContext.GetLoadContext(type.Assembly)!.IsCollectible);
        using IDisposable? lease = Runtime.ServiceTypes.Lease(type);
        Assert.NotNull(lease);
        await Task.CompletedTask;
    }

    private static InternalServiceConfig Config(string prefix, int processes = 1, int delayMs = 0) => new()
    {
        Prefix = prefix,
        Module = Module,
        Args = delayMs > 0
            ? [new Erlang.Terms.ErlangTuple(new Erlang.Terms.ErlangAtom("delay_ms"), Erlang.Terms.ErlangInteger.From(delayMs))]
            : [],
        CountProcess = ProcessCount.Exactly(processes),
    };

    // Not inlined: the test method must not keep the context alive in a local.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference LoadContextOf(string module)
    {
        Type type = Runtime.ServiceTypes.Resolve(module, out string? error) ?? throw new InvalidOperationException(error);
        return new WeakReference(AssemblyLoadContext.GetLoadContext(type.Assembly));
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task<bool> Collected(WeakReference reference)
    {
        for (int attempt = 0; attempt < 50 && reference.IsAlive; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20);
        }

        return !reference.IsAlive;
    }

    private static int Replace(byte[] haystack, byte[] from, byte[] to)
    {
        int count = 0;
        for (int i = haystack.AsSpan().IndexOf(from); i >= 0;)
        {
            to.CopyTo(haystack, i);
            count++;
            int next = haystack.AsSpan(i + from.Length).IndexOf(from);
            i = next < 0 ? -1 : i + from.Length + next;
        }

        return count;
    }
}
