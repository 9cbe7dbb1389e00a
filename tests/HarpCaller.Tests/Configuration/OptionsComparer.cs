using HarpCaller.Configuration;

namespace HarpCaller.Tests.Configuration;

/// <summary>
/// Value equality of options: the records hold lists, which compare by reference, so the generated
/// Equals cannot tell two equal configurations apart from different ones.
/// </summary>
internal sealed class OptionsComparer : IEqualityComparer<HarpCallerOptions>
{
    public static readonly OptionsComparer Instance = new();

    public bool Equals(HarpCallerOptions? x, HarpCallerOptions? y) =>
        x is not null && y is not null &&
        x.Listen.SequenceEqual(y.Listen) && x.LogHandlers.SequenceEqual(y.LogHandlers) &&
        x with { Listen = [], LogHandlers = [] } == y with { Listen = [], LogHandlers = [] };

    public int GetHashCode(HarpCallerOptions obj) => 0;
}
