using System.Text.Json;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `container clone`: a new container made from a copy of the source's configuration (its command, env,
    /// mounts, limits, labels, create command...), with the given resource flags, name, image and pod applied.
    /// </summary>
    public async Task<ContainerRecord> CloneAsync(ContainerCloneRequest request, CancellationToken cancellationToken)
    {
        if (request.Force && !request.Destroy)
        {
            throw new VainaException("cannot set --force without --destroy: invalid argument");
        }

        var source = Get(request.Source);
        if (request.Destroy && !request.Force && source.State is ContainerState.Running or ContainerState.Paused)
        {
            // Checked before the clone exists (Podman 4.3.1 makes the clone and then fails), so nothing is left half-done.
            throw new VainaException($"cannot remove container {source.Id} as it is running - running or paused containers cannot be removed without force: container state improper");
        }

        var config = JsonSerializer.Deserialize(JsonSerializer.Serialize(source.Config, ContainerJsonContext.Default.ContainerConfig), ContainerJsonContext.Default.ContainerConfig)!;
        config.StoppedByUser = false;
        config.ExitHandled = false;
        config.UserNamespace = null;
        config.ProxyEnv = [];
        request.Resources.ApplyTo(config);
        string? pod = null;
        if (request.Pod is { } targetPod && _engine.Pods.Get(targetPod).Id != config.Pod)
        {
            LeavePod(config);
            pod = targetPod;
        }

        var name = request.Name ?? CloneName(source.Name);
        var image = request.Image
            ?? (new ContainerImageResolver(_engine).FindLocal(source.ImageName)?.Image.Id == source.ImageId ? source.ImageName : source.ImageId ?? source.ImageName);
        var clone = await CreateAsync(
            new ContainerCreateRequest
            {
                Image = image,
                Name = name,
                Config = config,
                StopTimeoutGiven = true,
                Pod = pod,
                Warnings = request.Warnings,
                PullProgress = request.PullProgress,
            },
            cancellationToken).ConfigureAwait(false);
        if (request.Destroy)
        {
            await RemoveAsync(source.Id, force: request.Force, timeout: null, cancellationToken).ConfigureAwait(false);
        }

        return clone;
    }

    /// <summary>Podman's default clone name: NAME-clone, then NAME-clone1, NAME-clone2, ...</summary>
    private string CloneName(string name)
    {
        var candidate = name + "-clone";
        for (int i = 1; Records.TryGet(candidate) is { } existing && existing.Name == candidate; i++)
        {
            candidate = name + "-clone" + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>A clone that moves to another pod drops what joining the source's pod set (its infra's namespaces, cgroup parent).</summary>
    private void LeavePod(ContainerConfig config)
    {
        if (config.Pod is not { } podId || _engine.Pods.Records.TryGet(podId) is not { } pod)
        {
            config.Pod = null;
            return;
        }

        var join = pod.InfraId is { } infra ? "container:" + infra : null;
        string? Left(string? mode) => mode is not null && mode == join ? null : mode;
        config.IpcMode = Left(config.IpcMode);
        config.UtsMode = Left(config.UtsMode);
        config.PidMode = Left(config.PidMode);
        config.CgroupnsMode = Left(config.CgroupnsMode);
        if (config.Network.Mode == join)
        {
            config.Network = new Networks.ContainerNetworkSpec();
        }

        if (config.CgroupParent is { } parent && parent.Contains(pod.Id, StringComparison.Ordinal))
        {
            config.CgroupParent = null;
        }

        config.Pod = null;
    }
}
