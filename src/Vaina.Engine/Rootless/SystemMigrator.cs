using Vaina.Config;

namespace Vaina.Engine.Rootless;

/// <summary>
/// `vaina system migrate`: after /etc/subuid or /etc/subgid changed, stops the user's pause process so
/// that the next command creates a new user namespace with the new ranges (Podman kills it with SIGKILL
/// and removes the pid file). Rootful: there is no pause process and nothing to stop.
/// </summary>
public static class SystemMigrator
{
    /// <summary>Stops the pause process of the calling user; false when none was running.</summary>
    public static bool StopPauseProcess(ConfigContext config)
    {
        if (!config.IsRootless)
        {
            return false;
        }

        var directories = new RootlessDirectories(config.Identity);
        return Directory.Exists(directories.StateDirectory) && new PauseProcess(directories.StateDirectory).Stop();
    }
}
