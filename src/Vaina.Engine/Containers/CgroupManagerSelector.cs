namespace Vaina.Engine.Containers;

/// <summary>
/// Which cgroup manager containers get: --cgroup-manager, else containers.conf cgroup_manager (whose default is
/// already cgroupfs where systemd is not PID 1, as containers/common decides). systemd is only usable where
/// systemd is PID 1 (runc --systemd-cgroup asks it over D-Bus to make the libpod-ID.scope in machine.slice);
/// elsewhere an explicit systemd falls back to cgroupfs with a warning, Podman's "Falling back to
/// --cgroup-manager=cgroupfs". (Podman 4.3.1 as root keeps systemd there and fails at runc create with
/// "systemd not running on this host, cannot use systemd cgroups manager".)
/// </summary>
public static class CgroupManagerSelector
{
    public const string Systemd = "systemd";

    public const string Cgroupfs = "cgroupfs";

    /// <param name="systemdIsPid1">Asked only when systemd is requested.</param>
    /// <param name="rootlessUid">The user's uid when rootless (0 as root).</param>
    /// <param name="userSessionBus">Whether the user's session bus is there (asked only rootless; default <see cref="HasUserSessionBus"/>).</param>
    /// <returns>The manager to use and the warnings to print (empty when the request is honoured).</returns>
    public static (string Manager, IReadOnlyList<string> Warnings) Select(string? flag, string configured, Func<bool> systemdIsPid1, uint rootlessUid = 0, Func<bool>? userSessionBus = null)
    {
        var requested = flag ?? configured;
        if (requested is not (Systemd or Cgroupfs))
        {
            throw new VainaException("configuring runtime: cgroup manager must be one of cgroupfs and systemd: invalid argument");
        }

        if (requested == Systemd && !systemdIsPid1())
        {
            return (Cgroupfs, ["The cgroup manager is set to systemd but systemd is not running as PID 1 on this host", "Falling back to --cgroup-manager=cgroupfs"]);
        }

        // Podman's check: a user's containers can only get systemd scopes through the user's own manager, reached
        // on the session bus; without one (su, sudo, cron) they fall back to cgroupfs (no delegated cgroup, no limits).
        if (requested == Systemd && rootlessUid != 0 && !(userSessionBus ?? HasUserSessionBus)())
        {
            return (Cgroupfs, [
                "The cgroupv2 manager is set to systemd but there is no systemd user session available",
                "For using systemd, you may need to login using an user session",
                $"Alternatively, you can enable lingering with: `loginctl enable-linger {rootlessUid}` (possibly as root)",
                "Falling back to --cgroup-manager=cgroupfs"]);
        }

        return (requested, []);
    }

    /// <summary>
    /// Podman's test for a user session: DBUS_SESSION_BUS_ADDRESS is set and, when it names a unix:path=, that
    /// socket exists.
    /// </summary>
    public static bool HasUserSessionBus()
    {
        string? address = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        foreach (string part in address.Split(','))
        {
            if (part.StartsWith("unix:path=", StringComparison.Ordinal))
            {
                return File.Exists(part["unix:path=".Length..]);
            }
        }

        return true;
    }

    /// <summary>containers/common's check: PID 1's command name is "systemd".</summary>
    public static bool SystemdIsPid1()
    {
        try
        {
            return File.ReadAllText("/proc/1/comm").Trim() == Systemd;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
