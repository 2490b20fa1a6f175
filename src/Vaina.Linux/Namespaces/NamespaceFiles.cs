using System.Globalization;

namespace Vaina.Linux.Namespaces;

/// <summary>What /proc tells about a process's namespaces, without entering them.</summary>
public static class NamespaceFiles
{
    /// <summary>
    /// The namespace identity of a process ("user:[4026531837]", the target of /proc/PID/ns/TYPE),
    /// or null when the process is gone or not ours to inspect.
    /// </summary>
    public static string? Identity(int pid, string type)
        => Identity(pid == 0 ? "self" : pid.ToString(CultureInfo.InvariantCulture), type);

    public static string? SelfIdentity(string type) => Identity("self", type);

    /// <summary>/proc/PID/uid_map of a process (pid 0: this process), or null when it is gone.</summary>
    public static IReadOnlyList<IdMapping>? UidMap(int pid) => ReadMap(pid, "uid_map");

    public static IReadOnlyList<IdMapping>? GidMap(int pid) => ReadMap(pid, "gid_map");

    /// <summary>
    /// Whether this process runs in a user namespace other than the initial one (its uid_map is not the
    /// identity map), as containers/storage's RunningInUserNS checks: rootless mode, or inside a container.
    /// There, mknod, mounting most file systems and chown to unmapped ids fail.
    /// </summary>
    public static bool RunningInUserNamespace()
        => UidMap(0) is { } map && !IdMapping.IsIdentity(map);

    private static string? Identity(string proc, string type)
    {
        try
        {
            return new FileInfo($"/proc/{proc}/ns/{type}").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IReadOnlyList<IdMapping>? ReadMap(int pid, string file)
    {
        var proc = pid == 0 ? "self" : pid.ToString(CultureInfo.InvariantCulture);
        try
        {
            return IdMapping.ParseMapFile(File.ReadAllText($"/proc/{proc}/{file}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
