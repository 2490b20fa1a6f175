using System.Globalization;
using System.Text;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

/// <summary>
/// Podman's /etc/passwd and /etc/group generation at start (generatePasswdAndGroup): --hostuser users missing in
/// the image, a numeric --user the image does not know ("UID:*:UID:GID:container user:WORKDIR:/bin/sh", with
/// --passwd-entry as the template), and its group. A writable rootfs gets the lines appended (useradd keeps
/// working); a --read-only one gets copies in the container's static directory bound over the files.
/// </summary>
internal static class ContainerPasswdFiles
{
    /// <returns>The bind mounts a read-only container needs (else none).</returns>
    /// <param name="user">The process's user (--user, else the image's USER).</param>
    public static IReadOnlyList<BindMount> Prepare(string id, string rootfs, ContainerConfig c, string? user, string workingDir, string staticDir, IReadOnlyCollection<string> mountDestinations)
    {
        if (!c.Passwd || (string.IsNullOrEmpty(user) && c.HostUsers.Count == 0))
        {
            return [];
        }

        var mounts = new List<BindMount>();
        string passwdPath = Path.Combine(rootfs, "etc/passwd");
        string groupPath = Path.Combine(rootfs, "etc/group");
        bool needPasswd = Usable(passwdPath) && !mountDestinations.Contains("/etc/passwd");
        bool needGroup = Usable(groupPath) && !mountDestinations.Contains("/etc/group");
        if (needPasswd)
        {
            string entries = PasswdEntries(id, rootfs, c, user, workingDir, mountDestinations, ReadDatabase(passwdPath), ReadDatabase(groupPath));
            Write(passwdPath, entries, Path.Combine(staticDir, "passwd"), "/etc/passwd", c.ReadOnly, mounts);
        }

        if (needGroup)
        {
            Write(groupPath, GroupEntry(user, ReadDatabase(groupPath)), Path.Combine(staticDir, "group"), "/etc/group", c.ReadOnly, mounts);
        }

        return mounts;
    }

    private static string PasswdEntries(string id, string rootfs, ContainerConfig c, string? user, string workingDir, IReadOnlyCollection<string> mountDestinations, List<string[]> passwd, List<string[]> groups)
    {
        var text = new StringBuilder();
        long addedUid = 0;
        foreach (var wanted in c.HostUsers)
        {
            var host = HostUser(wanted) ?? throw new VainaException($"creating temporary passwd file for container {id}: user: unknown user {wanted}", 126);
            addedUid = long.Parse(host[2], CultureInfo.InvariantCulture);
            if (Find(passwd, host[0]) is not null || Find(passwd, host[2]) is not null)
            {
                continue;
            }

            // The user's own home when the image has it or a volume brings it, else the working directory.
            string home = host[5].Length > 0 && (Directory.Exists(RootfsPath.Resolve(rootfs, host[5])) || mountDestinations.Contains(host[5])) ? host[5] : workingDir;
            string gecos = host[4].Split(',')[0];
            text.Append(Entry(c.PasswdEntry, host[0], host[2], host[3], gecos, home));
        }

        if (string.IsNullOrEmpty(user))
        {
            return text.ToString();
        }

        string[] spec = user.Split(':', 2);
        if (!uint.TryParse(spec[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid) || (addedUid != 0 && uid == addedUid) || Find(passwd, spec[0]) is not null)
        {
            return text.ToString();
        }

        string gid = "0";
        if (spec.Length > 1 && spec[1].Length > 0)
        {
            gid = uint.TryParse(spec[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint g) ? g.ToString(CultureInfo.InvariantCulture)
                : Find(groups, spec[1]) is { Length: > 2 } group ? group[2]
                : throw new VainaException($"unable to get gid {spec[1]} from group file: no matching entries in group file");
        }

        string uidText = uid.ToString(CultureInfo.InvariantCulture);
        text.Append(Entry(c.PasswdEntry, uidText, uidText, gid, "container user", workingDir));
        return text.ToString();
    }

    /// <summary>Podman's group line for a numeric --user group (or, without one, the uid): "GID:x:GID:USER".</summary>
    private static string GroupEntry(string? user, List<string[]> groups)
    {
        if (string.IsNullOrEmpty(user))
        {
            return string.Empty;
        }

        string[] spec = user.Split(':', 2);
        string group = spec.Length > 1 ? spec[1] : spec[0];
        if (!uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint gid) || Find(groups, group) is not null)
        {
            return string.Empty;
        }

        return $"{gid.ToString(CultureInfo.InvariantCulture)}:x:{gid.ToString(CultureInfo.InvariantCulture)}:{spec[0]}\n";
    }

    private static string Entry(string? template, string name, string uid, string gid, string gecos, string home)
        => template is null
            ? $"{name}:*:{uid}:{gid}:{gecos}:{home}:/bin/sh\n"
            : template.Replace("$USERNAME", name, StringComparison.Ordinal).Replace("$UID", uid, StringComparison.Ordinal)
                .Replace("$GID", gid, StringComparison.Ordinal).Replace("$NAME", gecos, StringComparison.Ordinal)
                .Replace("$HOME", home, StringComparison.Ordinal) + "\n";

    private static void Write(string rootfsFile, string entries, string copy, string destination, bool readOnly, List<BindMount> mounts)
    {
        if (entries.Length == 0)
        {
            return;
        }

        if (readOnly)
        {
            var original = File.ReadAllText(rootfsFile);
            var temp = copy + ".tmp";
            File.WriteAllText(temp, original + entries);
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(temp, copy, overwrite: true);
            mounts.Add(new BindMount(copy, destination, ["bind", "rprivate", "ro"]));
            return;
        }

        File.AppendAllText(rootfsFile, entries);
    }

    /// <summary>A regular file of the image (a symlink could point out of the rootfs: left alone, as keep-id does).</summary>
    private static bool Usable(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null && new FileInfo(Path.GetDirectoryName(path)!).LinkTarget is null;
    }

    private static List<string[]> ReadDatabase(string path)
    {
        if (!Usable(path))
        {
            return [];
        }

        return [.. File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':'))];
    }

    /// <summary>An entry whose name or id (field 2) is <paramref name="nameOrId"/>, as runc's user lookup matches.</summary>
    private static string[]? Find(List<string[]> database, string nameOrId)
        => database.FirstOrDefault(f => f.Length > 2 && (f[0] == nameOrId || f[2] == nameOrId));

    /// <summary>The host's passwd entry of a uid or a name (Podman's util.LookupUser: the id first).</summary>
    private static string[]? HostUser(string wanted)
    {
        List<string[]> host;
        try
        {
            host = [.. File.ReadLines("/etc/passwd").Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':')).Where(f => f.Length >= 7)];
        }
        catch (IOException)
        {
            return null;
        }

        return host.FirstOrDefault(f => f[2] == wanted) ?? host.FirstOrDefault(f => f[0] == wanted);
    }
}
