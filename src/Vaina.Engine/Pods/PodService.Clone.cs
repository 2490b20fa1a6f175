using System.Text.Json;
using Vaina.Engine.Containers;

namespace Vaina.Engine.Pods;

/// <summary>`pod clone`: a new pod with the source's config and infra settings, and a copy of every member.</summary>
public sealed partial class PodService
{
    /// <summary>
    /// Creates the copy (Podman: identical config for the pod and all its containers; members are named
    /// NAME-clone) with the options the request changes, optionally removes the source (--destroy) and starts
    /// the copy (--start). Returns the new pod.
    /// </summary>
    public async Task<PodRecord> CloneAsync(PodCloneRequest request, CancellationToken cancellationToken)
    {
        var source = Get(request.Source);
        var config = JsonSerializer.Deserialize(JsonSerializer.Serialize(source.Config, PodJsonContext.Default.PodConfig), PodJsonContext.Default.PodConfig)!;
        config.Removing = false;
        var name = request.Name;
        var destroy = request.Destroy;
        var start = request.Start;

        // A hostname that was only the source's name follows the new name.
        config.Hostname = config.DefaultHostname ? string.Empty : config.Hostname;
        config.DefaultHostname = false;
        request.Change?.Invoke(config);
        var members = ContainersOf(source).Where(c => !c.Config.IsInfra).ToList();
        var infra = source.InfraId is { } infraId ? _engine.Containers.Records.TryGet(infraId) : null;
        var clone = await CreateAsync(
            new PodCreateRequest
            {
                Name = name ?? source.Name + "-clone",
                Config = config,
                InfraImage = infra is null ? null : infra.ImageId ?? infra.ImageName,
                InfraCommand = request.InfraCommand ?? infra?.Config.Entrypoint,
                InfraName = request.InfraName,
                Network = infra is null ? new() : Copy(infra.Config).Network,
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var member in members)
        {
            var memberConfig = Copy(member.Config);
            string? Repoint(string? mode) => infra is not null && clone.InfraId is { } to && mode == "container:" + infra.Id ? "container:" + to : mode;
            memberConfig.Pod = clone.Id;
            memberConfig.Network = memberConfig.Network with
            {
                Mode = Repoint(memberConfig.Network.Mode) ?? memberConfig.Network.Mode,
                Hostname = config.Shares("uts") && memberConfig.Network.Hostname == source.Config.Hostname ? clone.Config.Hostname : memberConfig.Network.Hostname,
            };
            memberConfig.IpcMode = Repoint(memberConfig.IpcMode);
            memberConfig.UtsMode = Repoint(memberConfig.UtsMode);
            memberConfig.PidMode = Repoint(memberConfig.PidMode);
            memberConfig.CgroupnsMode = Repoint(memberConfig.CgroupnsMode);
            if (memberConfig.CgroupParent is not null && memberConfig.CgroupParent == PodCgroupParent(source))
            {
                memberConfig.CgroupParent = PodCgroupParent(clone);
            }

            await _engine.Containers.CreateAsync(
                new ContainerCreateRequest { Image = member.ImageId ?? member.ImageName, Name = member.Name + "-clone", Config = memberConfig },
                cancellationToken).ConfigureAwait(false);
        }

        if (destroy)
        {
            await RemoveAsync(source.Id, force: true, timeout: null, cancellationToken).ConfigureAwait(false);
        }

        if (start)
        {
            await StartAsync(clone.Id, cancellationToken).ConfigureAwait(false);
        }

        return clone;
    }

    private static ContainerConfig Copy(ContainerConfig config) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(config, ContainerJsonContext.Default.ContainerConfig), ContainerJsonContext.Default.ContainerConfig)!;
}
