using Vaina.Config;

namespace Vaina.Engine.Rootless;

/// <summary>
/// `vaina system migrate`: after /etc/subuid or /etc/subgid changed, stops the user's pause process so
/// that the next command creates a new user namespace with the new ranges (Podman kills it with SIGKILL
/// and removes the pid file). Rootful: there is no pause process and nothing to stop.
/// </summary>
public static class SystemMigrator
{
    /// <summary>
    /// Stops every running or paused container first, as Podman's migrate does (calling <paramref name="stopping"/>
    /// with each id before it stops): a new namespace could neither reach their mounts nor their processes.
    /// </summary>
    public static async Task StopContainersAsync(VainaEngine engine, Action<string> stopping, CancellationToken cancellationToken)
    {
        foreach (var record in engine.Containers.List().Where(r => r.State is Containers.ContainerState.Running or Containers.ContainerState.Paused))
        {
            stopping(record.Id);
            try
            {
                await engine.Containers.StopAsync(record.Id, null, cancellationToken).ConfigureAwait(false);
            }
            catch (VainaException e)
            {
                throw new VainaException($"cannot stop container {record.Id}: {e.Message}");
            }
        }
    }

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
