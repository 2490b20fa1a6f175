using System.Globalization;

namespace Vaina.Runtime;

/// <summary>Resolves --user NAME|UID[:GROUP|GID] and --group-add against the rootfs's /etc/passwd and /etc/group.</summary>
public static class ContainerUserResolver
{
    public static ResolvedUser Resolve(string rootfs, string? user, IEnumerable<string>? groupAdd = null)
    {
        string spec = string.IsNullOrEmpty(user) ? "0" : user;
        string userPart = spec;
        string? groupPart = null;
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            userPart = spec[..colon];
            groupPart = spec[(colon + 1)..];
        }

        List<string[]> passwd = ReadDatabase(rootfs, "/etc/passwd");
        List<string[]> groups = ReadDatabase(rootfs, "/etc/group");

        uint uid;
        uint gid = 0;
        string home = "/";
        string? name = null;
        string[]? entry;
        if (uint.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out uid))
        {
            entry = passwd.FirstOrDefault(p => p.Length >= 7 && p[2] == userPart);
        }
        else
        {
            entry = passwd.FirstOrDefault(p => p.Length >= 7 && p[0] == userPart)
                ?? throw new VainaException($"unable to find user {userPart}: no matching entries in passwd file");
            uid = ParseId(entry[2]);
        }

        if (entry is not null)
        {
            name = entry[0];
            gid = ParseId(entry[3]);
            home = entry[5].Length > 0 ? entry[5] : "/";
        }

        if (!string.IsNullOrEmpty(groupPart))
        {
            gid = ResolveGroup(groups, groupPart);
        }

        // Podman's order: the primary gid (when a user was given), --group-add, then the user's groups from
        // /etc/group unless USER:GROUP forced the group.
        var additional = new List<uint>();
        void Add(uint id)
        {
            if (!additional.Contains(id))
            {
                additional.Add(id);
            }
        }

        if (!string.IsNullOrEmpty(user))
        {
            Add(gid);
        }

        foreach (string g in groupAdd ?? [])
        {
            if (g != "keep-groups")
            {
                Add(ResolveGroup(groups, g));
            }
        }

        if (colon < 0)
        {
            string? member = name ?? (userPart == "0" ? "root" : null);
            foreach (string[] g in groups)
            {
                if (member is not null && g.Length >= 4 && g[3].Split(',').Contains(member))
                {
                    Add(ParseId(g[2]));
                }
            }
        }

        return new ResolvedUser(uid, gid, additional, home, name);
    }

    private static uint ResolveGroup(List<string[]> groups, string group)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
        {
            return gid;
        }

        string[] entry = groups.FirstOrDefault(g => g.Length >= 3 && g[0] == group)
            ?? throw new VainaException($"unable to find group {group}: no matching entries in group file");
        return ParseId(entry[2]);
    }

    private static uint ParseId(string text)
        => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) ? id : 0;

    private static List<string[]> ReadDatabase(string rootfs, string path)
    {
        string file = RootfsPath.Resolve(rootfs, path);
        if (!File.Exists(file))
        {
            return [];
        }

        return File.ReadAllLines(file)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':'))
            .ToList();
    }
}
