using Vaina.Linux;

namespace Vaina.Network;

/// <summary>
/// Persistent network namespaces as bind-mounted files (the `ip netns` way), under the run root's netns dir.
/// Created in-process: a dedicated thread unshares CLONE_NEWNET (allowed per thread, unlike CLONE_NEWNS in a
/// multi-threaded process) and bind-mounts its /proc/thread-self/ns/net onto the file; the thread then exits,
/// so no pooled thread ever runs in the container's namespace and no helper process is spawned.
/// </summary>
public static class NetworkNamespaceFile
{
    private const ulong MountBind = 4096;

    /// <summary>A new path for a namespace file in <paramref name="directory"/> (Podman's netns-UUID naming).</summary>
    public static string NewPath(string directory) => Path.Combine(directory, "netns-" + Guid.NewGuid().ToString());

    /// <summary>
    /// Creates a new network namespace kept alive by a bind mount on <paramref name="path"/>. With
    /// <paramref name="ownerUserNamespace"/> (a container's own user namespace file) the namespace is made
    /// inside that user namespace, so that the container may mount sysfs and set net.* sysctls in it.
    /// </summary>
    public static string Create(string path, string? ownerUserNamespace)
    {
        if (ownerUserNamespace is null)
        {
            return Create(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (File.Create(path))
        {
        }

        try
        {
            Vaina.Linux.Namespaces.NamespaceHolder.Run(["nsenter", "--user=" + ownerUserNamespace, "--", "unshare", "--net", "--", "sleep", "60"], "net", pid
                => Interop.Mount($"/proc/{pid}/ns/net", path, null, MountBind, null));
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return path;
    }

    /// <summary>Creates a new network namespace kept alive by a bind mount on <paramref name="path"/>.</summary>
    public static string Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (File.Create(path))
        {
        }

        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Interop.Unshare(Interop.CloneNewNet);
                Interop.Mount($"/proc/self/task/{Interop.Gettid()}/ns/net", path, null, MountBind, null);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            File.Delete(path);
            throw failure;
        }

        return path;
    }

    /// <summary>Unmounts and deletes a namespace file; true when there was something to remove. Never throws for missing ones.</summary>
    public static bool Remove(string path)
    {
        var removed = Interop.Umount2(path, Interop.UnmountDetach);
        if (File.Exists(path))
        {
            File.Delete(path);
            removed = true;
        }

        return removed;
    }

    public static bool IsMounted(string path)
        => File.Exists(path) && MountPoints().Contains(path);

    /// <summary>Mount points of this mount namespace, unescaped.</summary>
    public static HashSet<string> MountPoints()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                result.Add(Unescape(fields[4]));
            }
        }

        return result;
    }

    /// <summary>Mount points with their file system types (for the aardvark namespace clean-up).</summary>
    public static List<(string MountPoint, string FsType)> Mounts()
    {
        var result = new List<(string, string)>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && dash > 0 && dash + 1 < fields.Length)
            {
                result.Add((Unescape(fields[4]), fields[dash + 1]));
            }
        }

        return result;
    }

    private static string Unescape(string text)
        => text.Contains('\\') ? text.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\") : text;
}
