namespace CloudI.Configuration;

/// <summary>
/// The <c>count_process_dynamic</c> settings (semantics §8): every period the request rate is
/// compared with the bounds and the process count moved within [<see cref="CountMin"/>,
/// <see cref="CountMax"/>]. The count bounds' multipliers apply to <c>count_process</c>
/// (resolve them with <see cref="ProcessCount.Resolve"/> given the resolved <c>count_process</c>).
/// </summary>
/// <param name="PeriodSeconds">Measuring period in seconds (default 5).</param>
/// <param name="RateRequestMax">Above this rate (requests/s) processes are added (default 1000).</param>
/// <param name="RateRequestMin">Below this rate (requests/s) processes are removed (default 100).</param>
/// <param name="CountMax">Upper bound of the process count (default 4.0 × count_process).</param>
/// <param name="CountMin">Lower bound of the process count (default 0.5 × count_process).</param>
public sealed record CountProcessDynamic(
    double PeriodSeconds,
    double RateRequestMax,
    double RateRequestMin,
    ProcessCount CountMax,
    ProcessCount CountMin)
{
    /// <summary>The settings of <c>{count_process_dynamic, []}</c>.</summary>
    public static CountProcessDynamic Default { get; } =
        new(5, 1000, 100, new ProcessCount(4.0, IsMultiplier: true), new ProcessCount(0.5, IsMultiplier: true));
}
