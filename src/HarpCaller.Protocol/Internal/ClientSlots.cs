using System.Runtime.CompilerServices;

namespace HarpCaller.Protocol.Internal;

/// <summary>One <see cref="ValueSlot"/> per <see cref="ClientKey"/>, kept on the stack.</summary>
[InlineArray((int)ClientKey.Unknown)]
internal struct ClientSlots
{
    private ValueSlot _first;
}
