namespace CloudI.External.Spawning;

/// <summary>Linux errno numbers → names, for error reasons like <c>exec_ENOENT</c>.</summary>
internal static class ErrnoNames
{
    private static readonly string[] Names =
    [
        "0", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
        "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
        "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG",
        "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG",
        "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
    ];

    private static readonly Dictionary<int, string> Higher = new()
    {
        [61] = "ENODATA", [71] = "EPROTO", [75] = "EOVERFLOW", [79] = "ELIBACC", [80] = "ELIBBAD",
        [84] = "EILSEQ", [88] = "ENOTSOCK", [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT",
        [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [104] = "ECONNRESET", [105] = "ENOBUFS",
        [107] = "ENOTCONN", [110] = "ETIMEDOUT", [111] = "ECONNREFUSED", [121] = "EREMOTEIO",
        [122] = "EDQUOT",
    };

    /// <summary>The name of <paramref name="errno"/>, or <c>errno_N</c> when unknown.</summary>
    public static string Get(int errno) =>
        errno > 0 && errno < Names.Length ? Names[errno]
        : Higher.TryGetValue(errno, out var name) ? name
        : $"errno_{errno}";
}
