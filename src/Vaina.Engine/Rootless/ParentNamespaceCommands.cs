namespace Vaina.Engine.Rootless;

/// <summary>
/// Commands a rootless vaina runs where it was started, without entering the user namespace: they touch
/// no layer files (whose owners are subordinate ids), so entering would only cost time. Podman marks the
/// same kind of command ParentNSRequired (version, network create/inspect/rm, ...). Everything else
/// (images, containers, volumes, unshare) needs the namespace.
/// </summary>
public static class ParentNamespaceCommands
{
    private static readonly HashSet<string> Informational = new(StringComparer.Ordinal) { "version", "help", "completion" };

    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "version",
        "help",
        "completion",
        "info",
        "system info",
        "system migrate",
        "login",
        "logout",
        "search",
        "network create",
        "network inspect",
        "network ls",
        "network exists",
    };

    /// <summary>Commands that join the namespace only when it exists (a pause process runs), never creating one.</summary>
    private static readonly HashSet<string> JoinWhenRunning = new(StringComparer.Ordinal) { "system migrate" };

    /// <summary>
    /// Commands whose result (a mount point) exists only inside the user's mount namespace: as Podman, a rootless
    /// user must run them under `unshare` (any storage driver); `umount` and `unmount` need no such thing.
    /// </summary>
    private static readonly HashSet<string> UnshareRequired = new(StringComparer.Ordinal) { "mount", "container mount", "image mount", "volume mount" };

    /// <summary>Whether an unprivileged user outside the namespace is refused the command (Podman's UnshareNSRequired).</summary>
    public static bool NeedsUnshare(string commandPath) => UnshareRequired.Contains(commandPath);

    /// <summary>Whether the command enters an existing namespace (`system migrate` stops the containers there first).</summary>
    public static bool JoinsExistingNamespace(string commandPath) => JoinWhenRunning.Contains(commandPath);

    /// <summary>Commands that read no user state at all (not even the per-user directories).</summary>
    public static bool NeedsNothing(string commandPath) => Informational.Contains(commandPath);

    /// <summary>Whether the command (its path below the root, e.g. "system migrate") needs the user namespace.</summary>
    public static bool NeedsUserNamespace(string commandPath) => !Commands.Contains(commandPath);
}
