using System.Text.Json.Nodes;
using Vaina.Runtime;

namespace Vaina.Engine.Networks;

/// <summary>The result of setting up a container's network: what the runtime spec gets and what inspect shows.</summary>
public sealed class ContainerNetworkSetup
{
    public required NamespaceOption Namespace { get; init; }

    /// <summary>Bind mounts of the generated /etc/hosts, /etc/resolv.conf and /etc/hostname.</summary>
    public required IReadOnlyList<BindMount> Mounts { get; init; }

    /// <summary>Podman's NetworkSettings object for `inspect` (IPAddress, Gateway, Ports, Networks, ...).</summary>
    public required JsonObject NetworkSettings { get; init; }

    public string? Hostname { get; init; }
}
