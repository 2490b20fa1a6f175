using Vaina.Linux;
using Vaina.Runtime;
using Vaina.Runtime.Conmon;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Stops a container: the stop signal (--stop-signal, the image's, else SIGTERM), then SIGKILL after
    /// <paramref name="timeout"/> seconds (the container's stop timeout when null). Stopped containers are fine.
    /// </summary>
    public async Task<ContainerRecord> StopAsync(string idOrName, uint? timeout, CancellationToken cancellationToken)
    {
        var record = Get(idOrName);
        if (!ContainerState.IsActive(record.State))
        {
            return record;
        }

        record = Records.Update(record.Id, r => r.Config.StoppedByUser = true) ?? record;
        if (record.State == ContainerState.Paused)
        {
            await IgnoreGoneAsync(() => RuntimeFor(record).ResumeAsync(record.Id, cancellationToken)).ConfigureAwait(false);
        }

        // Claimed before the signal: conmon's exit command, started at the exit, then waits for this command
        // instead of loading everything to do the same cleanup beside it. A --rm container's removal stays with
        // the exit command, as before, and so does all of it rootless (see ExitWaitsAreImmediate).
        using var claim = record.Config.AutoRemove || !ExitWaitsAreImmediate ? null : CleanupClaim.TryTake(PathsFor(record.Id).Bundle);
        var wait = TimeSpan.FromSeconds(timeout ?? record.Config.StopTimeout);
        if (wait > TimeSpan.Zero)
        {
            var signal = record.Config.StopSignal ?? ImageDefaultsOf(record)?.StopSignal ?? "SIGTERM";
            await IgnoreGoneAsync(() => RuntimeFor(record).KillAsync(record.Id, signal, false, cancellationToken)).ConfigureAwait(false);
        }

        if (!WaitForStop(record, wait, cancellationToken))
        {
            // As Podman: --all (every process of the cgroup) only without a pid namespace of its own; killing pid 1
            // ends the others, and a rootless container on cgroup v1 has no cgroup for --all to read.
            await IgnoreGoneAsync(() => RuntimeFor(record).KillAsync(record.Id, "SIGKILL", record.Config.PidMode == "host", cancellationToken)).ConfigureAwait(false);
            WaitForStop(record, TimeSpan.FromSeconds(30), cancellationToken);
        }

        if (claim is null)
        {
            await CleanupAfterStopAsync(record.Id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Everything conmon's exit command would do (its restart policy check sees StoppedByUser).
            await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false);
            if (Records.TryGet(record.Id) is not { } after || (!ContainerState.IsActive(after.State) && after.Config.ExitHandled))
            {
                claim.Complete();
            }
        }

        Events.Append("stop", record);
        return Records.TryGet(record.Id) ?? record;
    }

    /// <summary>Sends a signal to a running container (`kill`); does not wait.</summary>
    public async Task<ContainerRecord> KillAsync(string idOrName, string signal, CancellationToken cancellationToken)
    {
        SignalParser.Parse(signal);
        var record = Get(idOrName);
        if (record.State is not (ContainerState.Running or ContainerState.Paused))
        {
            throw new VainaException($"can only kill running containers. {record.Id} is in state {record.State}: container state improper");
        }

        await RuntimeFor(record).KillAsync(record.Id, signal, false, cancellationToken).ConfigureAwait(false);
        Events.Append("kill", record);
        return record;
    }

    /// <summary>
    /// Removes a container; running ones only with <paramref name="force"/> (stopped with <paramref name="timeout"/>).
    /// With <paramref name="removeVolumes"/> (`rm -v`) its anonymous volumes go too (always for --rm containers).
    /// </summary>
    /// <returns>The ids removed: with <paramref name="depend"/> (`rm --depend`), the containers that depend on this one first.</returns>
    public async Task<IReadOnlyList<string>> RemoveAsync(string idOrName, bool force, uint? timeout, CancellationToken cancellationToken, bool removeVolumes = false, bool depend = false)
    {
        var record = Get(idOrName);
        _engine.Pods.CheckRemovable(record);
        var removed = new List<string>();
        var dependents = DependentsOf(record.Id);
        if (dependents.Count > 0)
        {
            if (!depend)
            {
                throw new VainaException($"container {record.Id} has dependent containers which must be removed before it: {string.Join(",", dependents.Select(d => d.Id))}: container already exists");
            }

            foreach (var dependent in dependents)
            {
                if (Records.TryGet(dependent.Id) is not null)
                {
                    removed.AddRange(await RemoveAsync(dependent.Id, force, timeout, cancellationToken, removeVolumes, depend: true).ConfigureAwait(false));
                }
            }
        }

        await RemoveOneAsync(record, force, timeout, removeVolumes, cancellationToken).ConfigureAwait(false);
        removed.Add(record.Id);
        return removed;
    }

    private async Task RemoveOneAsync(ContainerRecord record, bool force, uint? timeout, bool removeVolumes, CancellationToken cancellationToken)
    {
        if (ContainerState.IsActive(record.State) && record.State != ContainerState.Initialized)
        {
            if (!force)
            {
                throw new VainaException($"cannot remove container {record.Id} as it is {record.State} - running or paused containers cannot be removed without force: container state improper");
            }

            await StopAsync(record.Id, timeout, cancellationToken).ConfigureAwait(false);
        }

        using var held = LockContainer(record.Id);
        if (Records.TryGet(record.Id) is not { } current)
        {
            return;
        }

        if (current.State == ContainerState.Initialized)
        {
            await IgnoreGoneAsync(() => RuntimeFor(current).KillAsync(current.Id, "SIGKILL", current.Config.PidMode == "host", cancellationToken)).ConfigureAwait(false);
            current = Records.Update(current.Id, r => r.State = ContainerState.Stopped) ?? current;
        }

        await RemoveLockedAsync(current, cancellationToken, removeVolumes).ConfigureAwait(false);
    }

    private async Task RemoveLockedAsync(ContainerRecord record, CancellationToken cancellationToken, bool removeVolumes = false)
    {
        record = Records.Update(record.Id, r => r.State = ContainerState.Removing) ?? record;
        await ReleaseLockedAsync(record, cancellationToken, removing: true).ConfigureAwait(false);

        // Every rm forgets the container's mounts, else its volumes would stay "in use" forever.
        _engine.Volumes.RemoveContainerMounts(record.Id, removeAnonymousVolumes: removeVolumes || record.Config.AutoRemove);
        var paths = PathsFor(record.Id);
        _engine.Store.Containers.Delete(record.Id);
        Records.Delete(record.Id, record.ExitCode);
        DeleteTree(paths.Bundle);
        DeleteTree(paths.StaticDir);
        DeleteFile(paths.ExitFile);
        DeleteFile(paths.LockFile);
        Events.Append("remove", record);
    }

    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// Blocks until the container is no longer running; returns its exit code (`wait`, attached run). With
    /// <paramref name="cleanupFollows"/> (the caller runs <see cref="CleanupAsync"/> next) conmon's exit file is
    /// enough: the exit is then recorded, and the container released, under one hold of its lock. Recording it
    /// here first would release the lock in between, and conmon's `container cleanup` (started at the same
    /// moment) would take it and do the rest while the caller waits. <paramref name="pollInterval"/> (`wait
    /// --interval`) bounds each poll step; an exit is seen at once through the pidfd anyway.
    /// </summary>
    public Task<int> WaitForExitAsync(string id, CancellationToken cancellationToken, IReadOnlyCollection<string>? conditions = null, bool cleanupFollows = false, TimeSpan? pollInterval = null)
        => Task.FromResult(WaitForExit(id, cancellationToken, conditions, cleanupFollows, pollInterval));

    // Synchronous: the caller has nothing else to do meanwhile, and blocking on the pidfd or sleeping 1 ms needs no
    // thread-pool hop (a timer continuation costs more than the wait on a loaded 2-core machine).
    private int WaitForExit(string id, CancellationToken cancellationToken, IReadOnlyCollection<string>? conditions, bool cleanupFollows, TimeSpan? pollInterval)
    {
        var wanted = conditions is { Count: > 0 } ? conditions : [ContainerState.Stopped, ContainerState.Exited];
        var paths = PathsFor(id);
        var pause = new ExitPause(null);
        bool watching = false;
        try
        {
            while (true)
            {
                if (Records.TryGet(id) is not { } record)
                {
                    return Records.RemovedExitCode(id) ?? ExitFileWatcher.TryRead(paths.ExitFile)
                        ?? throw ContainerStore.NotFound(id);
                }

                int? fileCode = ExitFileWatcher.TryRead(paths.ExitFile);
                if (cleanupFollows && ExitWaitsAreImmediate && fileCode is int exited && ContainerState.IsActive(record.State))
                {
                    return exited;
                }

                bool exitFile = fileCode is not null;
                if (exitFile || !ContainerState.IsActive(record.State) || !ConmonAlive(record))
                {
                    record = Reconcile(record);
                }

                var state = record.State == ContainerState.Exited ? ContainerState.Exited : record.State;
                if (wanted.Contains(state) || (state == ContainerState.Exited && wanted.Contains(ContainerState.Stopped)))
                {
                    return record.ExitCode;
                }

                // Waiting for the exit (no other condition): sleep on a pidfd of the container's process, so the exit
                // is seen at once rather than at the next poll.
                if (!watching && conditions is not { Count: > 0 } && record.State == ContainerState.Running && record.Pid > 0)
                {
                    watching = true;
                    pause = new ExitPause(SafePidfd.TryOpen(record.Pid));
                }

                pause.Wait((int)Math.Min(100, pollInterval?.TotalMilliseconds ?? 100), cancellationToken);
            }
        }
        finally
        {
            pause.Dispose();
        }
    }

    /// <summary>
    /// Whether an attached run cleans up under one lock hold, and runc containers start in-process: as root only.
    /// Rootless, the command that notices the exit first then usually does the cleanup instead of conmon's exit command, and the rootless bridge namespace (slirp4netns,
    /// aardvark-dns) was left running after the last container's removal (RootlessBridgeNetworkTests); until that
    /// teardown is fixed, rootless keeps the polling order.
    /// </summary>
    private bool ExitWaitsAreImmediate => !_engine.Config.IsRootless;

    public async Task<ContainerRecord> PauseAsync(string idOrName, CancellationToken cancellationToken)
    {
        var record = Get(idOrName);
        if (record.Config.CgroupsMode == "disabled")
        {
            throw new VainaException("cannot pause without using Cgroups: this container does not have a cgroup");
        }

        if (record.State != ContainerState.Running)
        {
            throw new VainaException($"\"{record.State}\" is not running, can't pause: container state improper");
        }

        if (RootlessWithoutCgroups)
        {
            // The freezer is a cgroup: a rootless container on cgroup v1 has none (Podman's words).
            throw new VainaException("can not pause containers on rootless containers with cgroup V1: this container does not have a cgroup");
        }

        using var held = LockContainer(record.Id);
        await RuntimeFor(record).PauseAsync(record.Id, cancellationToken).ConfigureAwait(false);
        record = Records.Update(record.Id, r => r.State = ContainerState.Paused) ?? record;
        Events.Append("pause", record);
        return record;
    }

    public async Task<ContainerRecord> UnpauseAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (RootlessWithoutCgroups)
        {
            throw new VainaException("unpause is not supported for cgroupv1 rootless containers");
        }

        var record = Get(idOrName);
        if (record.Config.CgroupsMode == "disabled")
        {
            throw new VainaException("cannot unpause without using Cgroups: this container does not have a cgroup");
        }

        if (record.State != ContainerState.Paused)
        {
            throw new VainaException($"\"{record.Id}\" is not paused, can't unpause: container state improper");
        }

        using var held = LockContainer(record.Id);
        await RuntimeFor(record).ResumeAsync(record.Id, cancellationToken).ConfigureAwait(false);
        record = Records.Update(record.Id, r => r.State = ContainerState.Running) ?? record;
        Events.Append("unpause", record);
        return record;
    }

    public async Task<ContainerRecord> RestartAsync(string idOrName, uint? timeout, CancellationToken cancellationToken)
    {
        Events.Append("restart", Get(idOrName));
        var record = await StopAsync(idOrName, timeout, cancellationToken).ConfigureAwait(false);
        var (started, _) = await StartAsync(record.Id, attach: false, cancellationToken).ConfigureAwait(false);
        return started;
    }

    public ContainerRecord Rename(string idOrName, string newName)
    {
        if (!ValidName().IsMatch(newName))
        {
            throw new VainaException("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }

        var record = Get(idOrName);
        record = Records.Update(record.Id, r => r.Name = newName) ?? record;
        Events.Append("rename", record);
        return record;
    }

    /// <summary>Mounts the container's rootfs for the user (`mount`) and returns its path.</summary>
    public string Mount(string idOrName) => _engine.Store.Containers.Mount(Get(idOrName).Id);

    /// <summary>Drops the user's mount (`umount`); the lifecycle's own mount stays.</summary>
    public void Unmount(string idOrName, bool force)
    {
        var record = Get(idOrName);
        if (_engine.Store.Containers.MountCount(record.Id) <= (record.RootfsMounted ? 1 : 0) && !force)
        {
            return;
        }

        _engine.Store.Containers.Unmount(record.Id, force && !record.RootfsMounted);
    }

    private async Task CleanupAfterStopAsync(string id, CancellationToken cancellationToken)
    {
        if (Records.TryGet(id) is null)
        {
            return;
        }

        using var held = LockContainer(id);
        if (Records.TryGet(id) is not { } current)
        {
            return;
        }

        current = await SettleLockedAsync(current, cancellationToken).ConfigureAwait(false);
        if (!ContainerState.IsActive(current.State))
        {
            await ReleaseLockedAsync(current, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool WaitForStop(ContainerRecord record, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var paths = PathsFor(record.Id);
        var deadline = DateTime.UtcNow + timeout;
        using var pause = new ExitPause(record.Pid > 0 ? SafePidfd.TryOpen(record.Pid) : null);
        while (true)
        {
            if (ExitFileWatcher.TryRead(paths.ExitFile) is not null)
            {
                return true;
            }

            if (!ConmonAlive(record) && (record.Pid <= 0 || !ProcessAlive(record.Pid)))
            {
                return true;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            pause.Wait((int)Math.Min(100, Math.Ceiling(left.TotalMilliseconds)), cancellationToken);
        }
    }

    private static async Task IgnoreGoneAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (VainaException)
        {
            // The process exited meanwhile; the exit file tells the rest.
        }
    }

    private static void DeleteTree(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
