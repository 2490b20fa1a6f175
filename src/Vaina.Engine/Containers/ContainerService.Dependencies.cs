using System.Globalization;
using Vaina.Runtime;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    private const string ContainerPrefix = "container:";

    /// <summary>
    /// The containers this one joins namespaces of (--pid/--ipc/--uts/--network container:X): Podman's
    /// dependencies, started before it and removed after it.
    /// </summary>
    public IReadOnlyList<string> DependenciesOf(ContainerRecord record)
    {
        var result = new List<string>();
        var c = record.Config;
        foreach (var mode in new[] { c.PidMode, c.IpcMode, c.UtsMode, c.CgroupnsMode, c.Network.Mode })
        {
            if (mode is not null && mode.StartsWith(ContainerPrefix, StringComparison.Ordinal)
                && Records.TryGet(mode[ContainerPrefix.Length..]) is { } other && !result.Contains(other.Id))
            {
                result.Add(other.Id);
            }
        }

        return result;
    }

    /// <summary>The containers that depend on <paramref name="id"/> (unreconciled records: only the configs matter).</summary>
    public IReadOnlyList<ContainerRecord> DependentsOf(string id)
        => Records.List().Where(r => r.Id != id && DependenciesOf(r).Contains(id)).ToList();

    /// <summary>
    /// Checks --pid/--ipc/--uts at create and stores container:NAME as container:ID (the dependency survives a rename).
    /// </summary>
    private void ResolveNamespaceModes(ContainerConfig config)
    {
        config.PidMode = ResolveNamespaceMode(config.PidMode);
        config.IpcMode = ResolveNamespaceMode(config.IpcMode ?? DefaultIpcMode());
        config.UtsMode = ResolveNamespaceMode(config.UtsMode);
        if (config.IpcMode is { } ipc && ipc.StartsWith(ContainerPrefix, StringComparison.Ordinal)
            && Get(ipc[ContainerPrefix.Length..]) is { Config.IpcMode: "private" } donor)
        {
            // Podman's check: a private IPC namespace has no /dev/shm outside its mount namespace to share.
            throw new VainaException($"joining IPC of container {donor.Id} is not allowed: non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        }

        config.CgroupnsMode = ResolveCgroupnsMode(config.CgroupnsMode);
    }

    /// <summary>--cgroupns checked as Podman's specgen does; the default comes from containers.conf.</summary>
    private string ResolveCgroupnsMode(string? mode)
    {
        mode ??= _engine.Config.Containers.Containers.CgroupNs;
        if (mode is "" or "private" or "host")
        {
            return mode.Length == 0 ? "private" : mode;
        }

        if (mode.StartsWith("ns:", StringComparison.Ordinal))
        {
            var path = mode[3..];
            if (path.Length == 0)
            {
                throw new VainaException("invalid config provided: namespace mode path requires a value");
            }

            if (!File.Exists(path))
            {
                throw new VainaException($"cannot find specified cgroup namespace path: stat {path}: no such file or directory");
            }

            return mode;
        }

        if (mode.StartsWith(ContainerPrefix, StringComparison.Ordinal) && mode.Length > ContainerPrefix.Length)
        {
            var target = mode[ContainerPrefix.Length..];
            return Records.TryGet(target) is { } other
                ? ContainerPrefix + other.Id
                : throw new VainaException($"looking up container to share cgroup namespace with: no container with name or ID \"{target}\" found: no such container");
        }

        throw new VainaException($"unrecognized namespace mode {mode} passed");
    }

    /// <summary>containers.conf ipcns when --ipc is not given; null stands for shareable (the default).</summary>
    private string? DefaultIpcMode()
        => _engine.Config.Containers.Containers.IpcNs is "host" or "private" or "none" ? _engine.Config.Containers.Containers.IpcNs : null;

    private string? ResolveNamespaceMode(string? mode)
        => mode is not null && mode.StartsWith(ContainerPrefix, StringComparison.Ordinal)
            ? ContainerPrefix + Get(mode[ContainerPrefix.Length..]).Id
            : mode;

    /// <summary>Starts the dependencies that are not running (Podman starts them recursively with the container).</summary>
    private async Task StartDependenciesAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        foreach (var id in DependenciesOf(record))
        {
            if (TryGet(id) is { } dependency && dependency.State is not (ContainerState.Running or ContainerState.Paused))
            {
                await StartAsync(dependency.Id, attach: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The runtime's choice for --pid/--ipc/--uts: private, the host's, a path (ns:PATH), or another container's.</summary>
    private NamespaceOption NamespaceFor(string? mode, string kind)
    {
        if (mode is null or "private" or "shareable" or "none")
        {
            return NamespaceOption.Private;
        }

        if (mode == "host")
        {
            return NamespaceOption.Host;
        }

        if (mode.StartsWith("ns:", StringComparison.Ordinal))
        {
            return NamespaceOption.Join(mode[3..]);
        }

        var other = Get(mode[ContainerPrefix.Length..]);
        if (other.State is not (ContainerState.Running or ContainerState.Paused) || other.Pid <= 0)
        {
            throw new VainaException($"cannot join {kind} namespace of container {other.Id}: container {other.Id} is not running: container state improper");
        }

        return NamespaceOption.Join($"/proc/{other.Pid.ToString(CultureInfo.InvariantCulture)}/ns/{kind}");
    }
}
