namespace CloudI.Configuration;

/// <summary>The CloudI logging levels (<c>{logging, [{level, L}]}</c>), from the fewest messages to the most, plus <see cref="Off"/>.</summary>
public enum CloudILogLevel
{
    /// <summary><c>fatal</c>.</summary>
    Fatal,

    /// <summary><c>error</c>.</summary>
    Error,

    /// <summary><c>warn</c>.</summary>
    Warn,

    /// <summary><c>info</c> (the default).</summary>
    Info,

    /// <summary><c>debug</c>.</summary>
    Debug,

    /// <summary><c>trace</c>.</summary>
    Trace,

    /// <summary><c>off</c>: no logging.</summary>
    Off,
}
