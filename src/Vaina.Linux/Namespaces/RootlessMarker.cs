using System.Globalization;

namespace Vaina.Linux.Namespaces;

/// <summary>
/// The environment variables with which a rootless vaina re-executes itself inside its user namespace,
/// and the checks that tell a re-executed (or `vaina unshare`-spawned) process that it runs there for
/// an unprivileged host user. Inside, the process is uid 0, but paths, configuration and the pause
/// process belong to the host user.
/// </summary>
public static class RootlessMarker
{
    /// <summary>The host uid of the user who owns the namespace (Podman: _CONTAINERS_ROOTLESS_UID).</summary>
    public const string UidVariable = "_VAINA_ROOTLESS_UID";

    /// <summary>The host gid of that user (Podman: _CONTAINERS_ROOTLESS_GID).</summary>
    public const string GidVariable = "_VAINA_ROOTLESS_GID";

    /// <summary>
    /// The host uid when this process is uid 0 inside a rootless vaina user namespace: the marker is set
    /// and /proc/self/uid_map maps uid 0 to that uid. Null otherwise (rootful, or an unprivileged
    /// process that has not entered yet). A marker inherited into an unrelated namespace is ignored.
    /// </summary>
    public static uint? HostUidInside()
    {
        if (Interop.GetEffectiveUserId() != 0
            || !uint.TryParse(Environment.GetEnvironmentVariable(UidVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || uid == 0)
        {
            return null;
        }

        var map = NamespaceFiles.UidMap(0);
        return map is not null && map.Any(m => m.ContainerId == 0 && m.HostId == uid) ? uid : null;
    }

    /// <summary>The host gid matching <see cref="HostUidInside"/>, or the process's gid outside.</summary>
    public static uint HostGid()
        => HostUidInside() is not null
            && uint.TryParse(Environment.GetEnvironmentVariable(GidVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            ? gid
            : Interop.GetEffectiveGroupId();

    /// <summary>
    /// The uid that decides rootful or rootless and the per-user paths: the host user's uid inside a
    /// rootless namespace, else the effective uid.
    /// </summary>
    public static uint EffectiveHostUid() => HostUidInside() ?? Interop.GetEffectiveUserId();
}
