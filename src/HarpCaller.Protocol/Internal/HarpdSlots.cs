using System.Runtime.CompilerServices;

namespace HarpCaller.Protocol.Internal;

/// <summary>One <see cref="ValueSlot"/> per <see cref="HarpdKey"/>, kept on the stack.</summary>
[InlineArray((int)HarpdKey.Count)]
internal struct HarpdSlots
{
    private ValueSlot _first;
}
