namespace HarpCaller.Client.Internal;

/// <summary>Parser limits shared by requests and replies.</summary>
internal static class JsonLimits
{
    /// <summary>
    /// Nesting depth accepted in values. The reader's default of 64 is too low for arbitrary procedure
    /// results; 1000 still bounds recursion well inside the stack.
    /// </summary>
    public const int MaxDepth = 1000;
}
