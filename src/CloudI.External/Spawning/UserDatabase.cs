using System.Globalization;

namespace CloudI.External.Spawning;

/// <summary>User and group lookups through NSS (getpwnam_r and friends) for the <c>owner</c> option.</summary>
internal static unsafe class UserDatabase
{
    /// <summary>A resolved user: ids and whether a passwd entry exists (needed for supplementary groups).</summary>
    public readonly record struct UserEntry(uint Uid, uint? PrimaryGid, bool HasPasswdEntry);

    /// <summary>Resolves a user name or numeric id; null when a name is unknown.</summary>
    public static UserEntry? LookupUser(string nameOrId)
    {
        bool numeric = uint.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out uint id);
        int size = 16384;
        while (true)
        {
            byte[] buffer = new byte[size];
            Libc.Passwd entry;
            Libc.Passwd* result = null;
            int error;
            fixed (byte* buf = buffer)
            {
                error = numeric
                    ? Libc.GetPwUidR(id, &entry, buf, (nuint)size, &result)
                    : Libc.GetPwNamR(nameOrId, &entry, buf, (nuint)size, &result);
            }
            if (error == Libc.ERANGE && size < 1 << 20) { size *= 4; continue; }
            if (result != null) return new UserEntry(entry.Uid, entry.Gid, true);
            return numeric ? new UserEntry(id, null, false) : null;
        }
    }

    /// <summary>Resolves a group name or numeric id; null when a name is unknown.</summary>
    public static uint? LookupGroup(string nameOrId)
    {
        if (uint.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out uint id)) return id;
        int size = 16384;
        while (true)
        {
            byte[] buffer = new byte[size];
            Libc.Group entry;
            Libc.Group* result = null;
            int error;
            fixed (byte* buf = buffer)
                error = Libc.GetGrNamR(nameOrId, &entry, buf, (nuint)size, &result);
            if (error == Libc.ERANGE && size < 1 << 20) { size *= 4; continue; }
            return result != null ? entry.Gid : null;
        }
    }
}
