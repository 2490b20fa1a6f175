using System.Globalization;
using Vaina.Linux;

namespace Vaina.Engine.Containers;

/// <summary>What --userns=keep-id adds to a container's rootfs: the user's /etc/passwd and /etc/group entries.</summary>
public static class UserNamespaceFiles
{
    /// <summary>
    /// Adds Podman's entries when the image has no user/group with the kept ids: for the user's own uid
    /// "NAME:*:UID:GID:GECOS:WORKDIR:/bin/sh", for another uid "UID:*:UID:GID:container user:WORKDIR:/bin/sh",
    /// and "NAME:x:GID:NAME" in /etc/group. New files belong to the container's root.
    /// </summary>
    public static void AddKeepIdUser(string rootfs, ContainerUserNamespace ns, string? workingDir, uint hostUid)
    {
        if (ns is not { KeepIdUid: { } uid, KeepIdGid: { } gid })
        {
            return;
        }

        string home = string.IsNullOrEmpty(workingDir) ? "/" : workingDir;
        string uidText = uid.ToString(CultureInfo.InvariantCulture);
        string gidText = gid.ToString(CultureInfo.InvariantCulture);
        string? hostName = uid == hostUid ? Interop.GetUserName(hostUid) : null;
        string name = hostName ?? uidText;
        string gecos = hostName is not null ? HostGecos(hostUid) : "container user";
        Append(rootfs, "etc/passwd", 2, uidText, $"{name}:*:{uidText}:{gidText}:{gecos}:{home}:/bin/sh", ns);
        Append(rootfs, "etc/group", 2, gidText, $"{name}:x:{gidText}:{name}", ns);
    }

    /// <summary>The user's GECOS field from the host's /etc/passwd (empty when not there).</summary>
    private static string HostGecos(uint uid)
    {
        string id = uid.ToString(CultureInfo.InvariantCulture);
        try
        {
            return File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 4 && f[2] == id)?[4] ?? string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static void Append(string rootfs, string relative, int idField, string id, string entry, ContainerUserNamespace ns)
    {
        string path = Path.Combine(rootfs, relative);
        string? etc = Path.GetDirectoryName(path);
        if (etc is null || !Directory.Exists(etc) || new FileInfo(etc).LinkTarget is not null || new FileInfo(path).LinkTarget is not null)
        {
            return;
        }

        bool existed = File.Exists(path);
        if (existed)
        {
            foreach (string line in File.ReadLines(path))
            {
                string[] f = line.Split(':');
                if (f.Length > idField && f[idField] == id)
                {
                    return;
                }
            }
        }

        string text = existed && new FileInfo(path).Length > 0 && !File.ReadAllText(path).EndsWith('\n') ? "\n" + entry + "\n" : entry + "\n";
        File.AppendAllText(path, text);
        if (!existed)
        {
            var (uid, gid) = ns.ToHost(0, 0);
            Interop.Lchown(path, uid, gid);
        }
    }
}
