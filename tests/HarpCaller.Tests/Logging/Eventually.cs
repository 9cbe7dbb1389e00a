using System.Diagnostics;

namespace HarpCaller.Tests.Logging;

/// <summary>Waits for a condition with a generous bound instead of a fixed sleep.</summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what, int timeoutMilliseconds = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMilliseconds) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(2);
        }
    }

    /// <summary>The file's text, readable while a writer has it open; empty when missing.</summary>
    public static string ReadShared(string path)
    {
        if (!File.Exists(path)) return string.Empty;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
