namespace CloudI.External.Spawning;

/// <summary>Which output pipe of the child a line came from.</summary>
public enum OutputStream
{
    /// <summary>fd 1, logged at Information.</summary>
    Stdout,

    /// <summary>fd 2, logged at Error.</summary>
    Stderr,
}

/// <summary>Receives one output line of a child (without its trailing newline).</summary>
/// <param name="osPid">The child's OS pid.</param>
/// <param name="stream">stdout or stderr.</param>
/// <param name="line">The line; lines longer than 64 KiB arrive in several pieces.</param>
public delegate void OutputLineHandler(int osPid, OutputStream stream, string line);
