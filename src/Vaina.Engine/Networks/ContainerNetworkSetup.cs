using System.Text.Json.Nodes;
using Vaina.Runtime;

namespace Vaina.Engine.Networks;

/// <summary>The result of setting up a container's network: what the runtime spec gets and what inspect shows.</summary>
public sealed class ContainerNetworkSetup
{
    public required NamespaceOption Namespace { get; init; }

    /// <summary>Bind mounts of the generated /etc/hosts, /etc/resolv.conf and /etc/hostname.</summary>
    public required IReadOnlyList<BindMount> Mounts { get; init; }

    /// <summary>Podman's NetworkSettings object for `inspect` (IPAddress, Gateway, Ports, Networks, ...); final once <see cref="Ready"/> completed.</summary>
    public required JsonObject NetworkSettings { get; set; }

    public string? Hostname { get; init; }

    /// <summary>
    /// Completes when the namespace is fully configured (netavark has assigned the addresses, pasta is up) and
    /// the files of <see cref="Mounts"/> have their final content; faults when that failed, and the caller then
    /// releases the network (<see cref="NetworkService.TearDownAsync"/>). Until then the namespace file exists
    /// and may be joined, but no process of the container may run.
    /// </summary>
    public Task Ready { get; internal set; } = Task.CompletedTask;

    /// <summary>Waits for <see cref="Ready"/>; returns its failure, if any (the cause to report when the runtime failed meanwhile).</summary>
    public async Task<Exception?> SettledAsync()
    {
        try
        {
            await Ready.ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
