using HarpCaller.Load;

var options = LoadOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"HarpCaller.Load: {error}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop cleanly and still print what was measured.
    e.Cancel = true;
    interrupt.Cancel();
};

try
{
    var summary = await new LoadRunner(options, Console.Error).RunAsync(interrupt.Token);
    if (summary is null)
    {
        return 3;
    }

    summary.Print(Console.Out);
    return summary.FailedTotal == 0 ? 0 : 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("HarpCaller.Load: interrupted");
    return 130;
}
