namespace HarpCaller.Load;

/// <summary>What a reply line handler decided.</summary>
internal enum LineVerdict
{
    /// <summary>More lines are expected (a stream packet).</summary>
    More,

    /// <summary>The reply is complete and as expected.</summary>
    Done,

    /// <summary>The reply is complete but not what was expected.</summary>
    Unexpected,

    /// <summary>The reply is an error object.</summary>
    Error,
}
