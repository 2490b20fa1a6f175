using Vaina.Engine.Containers;
using Vaina.Runtime;

namespace Vaina.Engine.Pods;

public sealed partial class PodService
{
    /// <summary>Starts the infra container, then every member that is not running. Returns the containers that failed.</summary>
    public async Task<IReadOnlyList<string>> StartAsync(string idOrName, CancellationToken cancellationToken)
    {
        var pod = Get(idOrName);
        var containers = ContainersOf(pod);
        if (containers.Count == 0)
        {
            throw new VainaException($"no containers in pod {pod.Id} have no dependencies, cannot start pod: no such container");
        }

        var errors = new List<string>(await ForEachAsync(containers.Where(c => c.Config.IsInfra && c.State is not (ContainerState.Running or ContainerState.Paused)), "starting",
            c => _engine.Containers.StartAsync(c.Id, attach: false, cancellationToken)).ConfigureAwait(false));
        foreach (var init in containers.Where(c => c.Config.InitContainerType is not null))
        {
            await RunInitContainerAsync(init, cancellationToken).ConfigureAwait(false);
        }

        errors.AddRange(await ForEachAsync(containers.Where(c => !c.Config.IsInfra && c.Config.InitContainerType is null && c.State is not (ContainerState.Running or ContainerState.Paused)), "starting",
            c => _engine.Containers.StartAsync(c.Id, attach: false, cancellationToken)).ConfigureAwait(false));
        return errors;
    }

    /// <summary>An init container runs to completion before the other members start; a "once" one is removed afterwards.</summary>
    private async Task RunInitContainerAsync(ContainerRecord init, CancellationToken cancellationToken)
    {
        await _engine.Containers.StartAsync(init.Id, attach: false, cancellationToken).ConfigureAwait(false);
        var code = await _engine.Containers.WaitForExitAsync(init.Id, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new VainaException($"init container {init.Id} exited with code {code}");
        }

        if (init.Config.InitContainerType == "once")
        {
            await _engine.Containers.RemoveAsync(init.Id, force: false, timeout: null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the members, then the infra container (its namespaces go last).</summary>
    public async Task<IReadOnlyList<string>> StopAsync(string idOrName, uint? timeout, CancellationToken cancellationToken)
    {
        var pod = Get(idOrName);
        var containers = ContainersOf(pod);
        var errors = new List<string>();
        _ = _engine.Containers.Runtime; // created once before the parallel stops share it
        errors.AddRange(await ForEachAsync(containers.Where(c => !c.Config.IsInfra && ContainerState.IsActive(c.State)), "stopping",
            c => _engine.Containers.StopAsync(c.Id, timeout, cancellationToken), parallel: true).ConfigureAwait(false));
        errors.AddRange(await ForEachAsync(containers.Where(c => c.Config.IsInfra && ContainerState.IsActive(c.State)), "stopping",
            c => _engine.Containers.StopAsync(c.Id, timeout, cancellationToken)).ConfigureAwait(false));
        return errors;
    }

    public async Task<IReadOnlyList<string>> RestartAsync(string idOrName, CancellationToken cancellationToken)
    {
        var errors = new List<string>(await StopAsync(idOrName, null, cancellationToken).ConfigureAwait(false));
        errors.AddRange(await StartAsync(idOrName, cancellationToken).ConfigureAwait(false));
        return errors;
    }

    /// <summary>Sends <paramref name="signal"/> to every running container of the pod, members first.</summary>
    public async Task<IReadOnlyList<string>> KillAsync(string idOrName, string signal, CancellationToken cancellationToken)
    {
        SignalParser.Parse(signal);
        var pod = Get(idOrName);
        var running = ContainersOf(pod).Where(c => c.State is ContainerState.Running or ContainerState.Paused).OrderBy(c => c.Config.IsInfra).ToList();
        if (running.Count == 0)
        {
            throw new VainaException($"no containers in pod {pod.Id} are running: container state improper");
        }

        return await ForEachAsync(running, "killing", c => _engine.Containers.KillAsync(c.Id, signal, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> PauseAsync(string idOrName, bool unpause, CancellationToken cancellationToken)
    {
        var pod = Get(idOrName);
        var wanted = unpause ? ContainerState.Paused : ContainerState.Running;
        return await ForEachAsync(ContainersOf(pod).Where(c => c.State == wanted), unpause ? "unpausing" : "pausing",
            c => unpause ? _engine.Containers.UnpauseAsync(c.Id, cancellationToken) : _engine.Containers.PauseAsync(c.Id, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the pod with its containers. Without <paramref name="force"/> a running or paused member refuses
    /// the whole removal (Podman's errors); a pod holding only its infra container goes unconditionally.
    /// </summary>
    public async Task RemoveAsync(string idOrName, bool force, uint? timeout, CancellationToken cancellationToken)
    {
        var pod = Get(idOrName);
        var containers = ContainersOf(pod);
        var onlyInfra = containers.All(c => c.Config.IsInfra);
        if (!force && !onlyInfra)
        {
            var busy = containers.Where(c => c.State is ContainerState.Running or ContainerState.Paused or ContainerState.Stopping).ToList();
            if (busy.Count > 0)
            {
                var lines = busy.Select(c => $"cannot remove container {c.Id} as it is {c.State} - running or paused containers cannot be removed without force: container state improper");
                throw new VainaException($"not all containers could be removed from pod {pod.Id}: removing pod containers\nError: " + string.Join("\nError: ", lines));
            }
        }

        await StopAsync(pod.Id, timeout, cancellationToken).ConfigureAwait(false);
        Records.Update(pod.Id, p => p.Config.Removing = true);
        foreach (var c in containers.OrderBy(c => c.Config.IsInfra))
        {
            await _engine.Containers.RemoveAsync(c.Id, force: true, timeout, cancellationToken).ConfigureAwait(false);
        }

        Records.Delete(pod.Id);
        RemovePodCgroup(pod);
    }

    /// <summary>`pod prune`: removes every Stopped or Exited pod; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        foreach (var pod in List())
        {
            if (StatusOf(pod) is PodState.Stopped or PodState.Exited)
            {
                await RemoveAsync(pod.Id, force: false, timeout: null, cancellationToken).ConfigureAwait(false);
                removed.Add(pod.Id);
            }
        }

        return removed;
    }

    private static async Task<IReadOnlyList<string>> ForEachAsync(IEnumerable<ContainerRecord> containers, string verb, Func<ContainerRecord, Task> action, bool parallel = false)
    {
        var errors = new List<string>();
        async Task One(ContainerRecord c)
        {
            try
            {
                await action(c).ConfigureAwait(false);
            }
            catch (VainaException e)
            {
                lock (errors)
                {
                    errors.Add($"{verb} container {c.Id}: {e.Message}");
                }
            }
        }

        if (parallel)
        {
            await Task.WhenAll(containers.Select(One)).ConfigureAwait(false);
        }
        else
        {
            foreach (var c in containers)
            {
                await One(c).ConfigureAwait(false);
            }
        }

        return errors;
    }
}
