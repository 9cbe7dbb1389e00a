using System.Globalization;

namespace CloudI.External.Spawning;

/// <summary>
/// The command actually handed to posix_spawn. posix_spawn cannot set rlimits, the owner or the
/// nice value, so for <c>limit</c>/<c>nice</c>/<c>owner</c> the target is prefixed with standard
/// tools that apply one setting each and then exec the rest of the command line, keeping the
/// environment and every inherited descriptor (fd 3+ included):
/// <c>prlimit --res=soft:hard -- nice -n ADJ -- setpriv --reuid=U --regid=G --init-groups -- target argv…</c>.
/// Order matters: limits and nice first (raising a hard limit or lowering nice needs the
/// runtime's privileges), dropping privileges last.
/// </summary>
internal sealed record SpawnCommand(string Path, IReadOnlyList<string> Argv, bool Wrapped)
{
    private static readonly string[] ToolDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    /// <summary>Builds the command for <paramref name="request"/>.</summary>
    public static SpawnCommand Build(SpawnRequest request)
    {
        var prefix = new List<string>();

        var limits = request.Limits.Select(l => l.ToPrlimitArgument()).OfType<string>().ToList();
        if (limits.Count > 0)
        {
            prefix.Add(FindTool("prlimit", "limit", "util-linux"));
            prefix.AddRange(limits);
            prefix.Add("--");
        }

        if (request.Nice is int nice)
        {
            if (nice is < -20 or > 19)
                throw new SpawnException("nice_invalid", $"nice {nice} is outside -20..19");
            prefix.Add(FindTool("nice", "nice", "coreutils"));
            prefix.Add("-n");
            prefix.Add((nice - CurrentNice()).ToString(CultureInfo.InvariantCulture));
            prefix.Add("--");
        }

        if (request.Owner is { } owner && (owner.User is not null || owner.Group is not null))
        {
            prefix.Add(FindTool("setpriv", "owner", "util-linux"));
            prefix.AddRange(SetprivArguments(owner));
            prefix.Add("--");
        }

        if (prefix.Count == 0) return new SpawnCommand(request.ExecutablePath, request.Arguments, false);

        // The tools execvp their command: keep a slash in it so PATH is never searched
        // (posix_spawn without the tools does not search PATH either).
        string target = request.ExecutablePath.Contains('/') ? request.ExecutablePath : "./" + request.ExecutablePath;
        prefix.Add(target);
        prefix.AddRange(request.Arguments.Skip(1));
        return new SpawnCommand(prefix[0], prefix, true);
    }

    private static List<string> SetprivArguments(ProcessOwner owner)
    {
        var args = new List<string>();
        UserDatabase.UserEntry? user = null;
        if (owner.User is not null)
        {
            user = UserDatabase.LookupUser(owner.User)
                ?? throw new SpawnException("owner_user_invalid", $"unknown user '{owner.User}'");
            args.Add(string.Create(CultureInfo.InvariantCulture, $"--reuid={user.Value.Uid}"));
        }
        uint? gid = null;
        if (owner.Group is not null)
        {
            gid = UserDatabase.LookupGroup(owner.Group)
                ?? throw new SpawnException("owner_group_invalid", $"unknown group '{owner.Group}'");
        }
        else if (user is { } u)
        {
            // Seed: without a group the user's group is used; never keep the runtime's gid.
            gid = u.PrimaryGid
                ?? throw new SpawnException("owner_group_invalid",
                    $"user id {u.Uid} has no passwd entry; configure the group explicitly");
        }
        args.Add(string.Create(CultureInfo.InvariantCulture, $"--regid={gid}"));
        // Supplementary groups: the user's own when known, none otherwise (never the runtime's).
        args.Add(user is { HasPasswdEntry: true } ? "--init-groups" : "--clear-groups");
        return args;
    }

    /// <summary>The nice value a child of the calling thread starts with (Linux nice is per thread).</summary>
    private static int CurrentNice()
    {
        int value = Libc.GetPriority(0 /* PRIO_PROCESS */, 0);
        return value == -1 && Libc.LastErrno != 0 ? 0 : value;
    }

    private static string FindTool(string name, string option, string package)
    {
        foreach (var dir in ToolDirectories)
        {
            string path = System.IO.Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new SpawnException($"{name}_missing",
            $"the '{option}' option needs the {name} tool ({package}) in /usr/bin or /bin");
    }
}
