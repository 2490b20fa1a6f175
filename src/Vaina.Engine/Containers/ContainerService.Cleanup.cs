using Vaina.Runtime;
using Vaina.Runtime.Conmon;
using Vaina.Storage.State;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `container cleanup` (conmon's exit command, also run by stop/rm/kill paths and reconciliation): records the
    /// exit, releases the runtime container, network and mount, then applies --rm and the restart policy.
    /// Idempotent; a container that no longer exists is not an error.
    /// </summary>
    public async Task CleanupAsync(string id, CancellationToken cancellationToken)
        => await CleanupCoreAsync(id, cancellationToken).ConfigureAwait(false);

    /// <summary><see cref="CleanupAsync"/>; returns the container as it was found after recording its exit (null: gone).</summary>
    private async Task<ContainerRecord?> CleanupCoreAsync(string id, CancellationToken cancellationToken)
    {
        if (Records.TryGet(id) is not { } found)
        {
            return null;
        }

        ContainerRecord record;
        using (LockContainer(found.Id))
        {
            if (Records.TryGet(found.Id) is not { } current)
            {
                return null;
            }

            record = await SettleLockedAsync(current, cancellationToken).ConfigureAwait(false);
            if (ContainerState.IsActive(record.State) || record.State == ContainerState.Created)
            {
                return record;
            }

            if (record.Config.AutoRemove)
            {
                // Removal releases everything itself: releasing first, then recording the exit as handled, would be
                // four more transactions (and a second network teardown) for a record deleted right after.
                await RemoveLockedAsync(record, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ReleaseLockedAsync(record, cancellationToken).ConfigureAwait(false);
                if (record.Config.ExitHandled)
                {
                    return record;
                }

                record = Records.Update(record.Id, r => r.Config.ExitHandled = true) ?? record;
                Events.Append("cleanup", record);
            }
        }

        if (!record.Config.AutoRemove && ShouldRestart(record))
        {
            Records.Update(record.Id, r => r.RestartCount++);
            await StartAsync(record.Id, attach: false, cancellationToken).ConfigureAwait(false);
        }

        await _engine.Pods.MemberExitedAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>
    /// `container cleanup CTR` as a user runs it (conmon's exit command too), with Podman 4.3.1's checks: a running
    /// or paused container is refused; with <paramref name="remove"/> (`--rm`) the container is removed, anonymous
    /// volumes included, unless its restart policy restarts it; with <paramref name="removeImage"/> (`--rmi`) the
    /// image it was created from is then removed by that name, as `rmi NAME` (an image other containers use stays,
    /// and that is reported as the error).
    /// </summary>
    public async Task CleanupCommandAsync(string idOrName, bool remove, bool removeImage, CancellationToken cancellationToken)
    {
        var found = Records.TryGet(idOrName) ?? throw ContainerStore.NotFound(idOrName);
        if (remove && Get(found.Id) is var settled && !ShouldRestart(settled))
        {
            try
            {
                await RemoveAsync(settled.Id, force: false, timeout: null, cancellationToken, removeVolumes: true).ConfigureAwait(false);
            }
            catch (VainaException e)
            {
                throw new VainaException($"failed to clean up and remove container {found.Id}: {e.Message}", e.ExitCode);
            }
        }
        else
        {
            var after = await CleanupCoreAsync(found.Id, cancellationToken).ConfigureAwait(false);
            if (after is { State: ContainerState.Running or ContainerState.Paused or ContainerState.Stopping })
            {
                throw new VainaException($"failed to clean up container {found.Id}: container {found.Id} is running or paused, refusing to clean up: container state improper");
            }
        }

        if (removeImage)
        {
            var report = await _engine.Images.RemoveAsync([found.ImageName], all: false, force: false, ignore: false, cancellationToken).ConfigureAwait(false);
            if (report.Errors.Count > 0)
            {
                throw new ContainerCleanupImageException(report.Errors[^1]);
            }
        }
    }

    /// <summary>
    /// `container cleanup --exec SESSION CTR`: an exec session that ended loses its runtime files (attach socket,
    /// ctl fifo, process.json, pid file) and keeps its exit code; with <paramref name="remove"/> (`--rm`) it is
    /// forgotten entirely. A session still running is refused with Podman's errors. vaina names a session by the
    /// 12-character id `exec -d` prints (its directory); a full 64-character id with that start names it too.
    /// </summary>
    public void CleanupExec(string idOrName, string sessionId, bool remove)
    {
        var record = Get(idOrName);
        var paths = PathsFor(record.Id);
        bool wellFormed = sessionId.Length is >= 12 and <= 64 && sessionId.All(char.IsAsciiHexDigitLower);
        var directory = wellFormed ? Path.Combine(paths.ExecDir, sessionId[..12]) : null;
        if (directory is null || !Directory.Exists(directory))
        {
            throw new VainaException($"container {record.Id} has no exec session with ID {sessionId}: no such exec session");
        }

        var exitFile = Path.Combine(directory, "exit", record.Id);
        if (!File.Exists(exitFile) && ExecProcessAlive(Path.Combine(directory, "exec_pid")))
        {
            throw new VainaException(remove
                ? $"container {record.Id} exec session {sessionId} is still running, cannot remove: exec session state improper"
                : $"cannot clean up container {record.Id} exec session {sessionId} as it is running: exec session state improper");
        }

        if (remove)
        {
            DeleteTree(directory);
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Path.GetFileName(entry) != "exit")
            {
                DeleteFile(entry);
            }
        }
    }

    private static bool ExecProcessAlive(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out int pid)
                && pid > 0 && ProcessAlive(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool ShouldRestart(ContainerRecord record)
    {
        var config = record.Config;
        return config.RestartPolicy switch
        {
            "always" or "unless-stopped" => !config.StoppedByUser,
            "on-failure" => !config.StoppedByUser && record.ExitCode != 0 && (config.RestartRetries <= 0 || record.RestartCount < config.RestartRetries),
            _ => false,
        };
    }

    /// <summary>
    /// Brings a record in line with reality: an active container whose exit file exists, whose conmon is gone,
    /// or whose run root vanished is recorded as exited. Takes the lock only briefly and only when the state is
    /// wrong; when another process holds it, the corrected state is returned without storing it.
    /// </summary>
    public ContainerRecord Reconcile(ContainerRecord record)
    {
        if (!ContainerState.IsActive(record.State))
        {
            return record;
        }

        var paths = PathsFor(record.Id);
        if (ExitFileWatcher.TryRead(paths.ExitFile) is null && ConmonAlive(record))
        {
            return record;
        }

        using var held = FileLock.TryAcquire(paths.LockFile, exclusive: true, TimeSpan.FromMilliseconds(200));
        if (held is null)
        {
            if (ExitFileWatcher.TryRead(paths.ExitFile) is int code)
            {
                record.State = ContainerState.Exited;
                record.ExitCode = code;
                record.FinishedAt ??= DateTimeOffset.UtcNow;
            }

            return record;
        }

        if (Records.TryGet(record.Id) is not { } current)
        {
            return record;
        }

        var settled = SettleLockedAsync(current, CancellationToken.None).GetAwaiter().GetResult();
        if (!ContainerState.IsActive(settled.State))
        {
            ReleaseLockedAsync(settled, CancellationToken.None).GetAwaiter().GetResult();
            settled = Records.TryGet(record.Id) ?? settled;
        }

        return settled;
    }

    /// <summary>Records the exit of an active container (lock held): exit file, else the runtime's view.</summary>
    private async Task<ContainerRecord> SettleLockedAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (!ContainerState.IsActive(record.State))
        {
            return record;
        }

        var paths = PathsFor(record.Id);
        int? code = ExitFileWatcher.TryRead(paths.ExitFile);
        DateTimeOffset finished = DateTimeOffset.UtcNow;
        string error = string.Empty;
        if (code is null)
        {
            if (ConmonAlive(record))
            {
                return record;
            }

            if (Directory.Exists(paths.Bundle))
            {
                // conmon is gone: the container may still run (reparented); only the runtime knows.
                var state = await TryRuntimeStateAsync(record, cancellationToken).ConfigureAwait(false);
                if (state is "running" or "paused" or "created")
                {
                    return record;
                }
            }

            // Without conmon nobody recorded the status: a container the user stopped was killed, else unknown.
            code = record.Config.StoppedByUser ? 137 : -1;
            error = record.Config.StoppedByUser ? string.Empty : "conmon exited prematurely, exit code could not be retrieved: internal libpod error";
        }
        else
        {
            finished = File.GetLastWriteTimeUtc(paths.ExitFile);
        }

        // conmon misses an OOM kill of the init process when the cgroup is removed before it reads memory.events
        // (systemd's scopes on cgroup v2): the kernel's log still has it. Only for a SIGKILL nobody here sent.
        bool oom = ConmonLauncher.WasOomKilled(paths.Bundle)
            || (code == 137 && !record.Config.StoppedByUser && KernelOomLog.ShowsKill(record.Id, record.Pid));
        Events.Append("died", record, code.Value);
        return Records.Update(record.Id, r =>
        {
            r.State = ContainerState.Exited;
            r.ExitCode = code.Value;
            r.FinishedAt = finished;
            r.OomKilled = oom;
            r.Pid = 0;
            r.ConmonPid = 0;
            if (error.Length > 0)
            {
                r.Error = error;
            }
        }) ?? record;
    }

    private async Task<string?> TryRuntimeStateAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        try
        {
            return (await RuntimeFor(record).StateAsync(record.Id, cancellationToken).ConfigureAwait(false))?.Status;
        }
        catch (VainaException)
        {
            return null;
        }
    }

    /// <summary>
    /// Releases what a stopped container still holds (lock held): runtime container, network, volume mounts, rootfs
    /// mount. <paramref name="removing"/>: the layer and the record are deleted next (the layer's deletion unmounts
    /// it), so neither the unmount nor its record is a transaction of its own.
    /// </summary>
    private async Task ReleaseLockedAsync(ContainerRecord record, CancellationToken cancellationToken, bool removing = false)
    {
        StopHealthTimer(record.Id);
        // `runtime delete` and the network teardown (a netavark run on a bridge) are two processes that do not
        // depend on each other (Podman itself tears the network down before deleting the runtime container), so
        // they run at the same time, and with the unmounts below: a --rm run or an rm waits for the longest one,
        // not for the sum.
        Task network = Task.Run(() => _engine.Networks.TearDownAsync(record.Id, cancellationToken), cancellationToken);
        try
        {
            if (Directory.Exists(Path.Combine(LauncherFor(record).RuntimeRoot, record.Id)))
            {
                try
                {
                    await RuntimeFor(record).DeleteAsync(record.Id, force: true, cancellationToken).ConfigureAwait(false);
                }
                catch (VainaException)
                {
                    // The runtime's state is unusable; the files are removed with the run dir.
                }
            }

            RemoveContainerCgroups(record);
            ReleaseShm(record.Id);
            _engine.Volumes.ReleaseMounts(record.Id);
            if (record.RootfsMounted)
            {
                try
                {
                    UnexposeRootfs(record.Id);
                    if (!removing)
                    {
                        // (Deleting the layer unmounts it anyway.)
                        _engine.Store.Containers.Unmount(record.Id);
                    }
                }
                catch (VainaException)
                {
                    // The layer is gone already (a failed create): nothing is mounted.
                }

                if (!removing)
                {
                    Records.Update(record.Id, r => r.RootfsMounted = false);
                }
            }
        }
        finally
        {
            // The unmounts do not need the network either: the teardown overlaps them too.
            await network.ConfigureAwait(false);
        }

        if (record.Config.PidFile is { } pidFile)
        {
            DeleteFile(pidFile);
        }
    }
}
