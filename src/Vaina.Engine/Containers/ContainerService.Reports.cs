using System.Globalization;
using System.Text.Json.Nodes;

namespace Vaina.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Podman's inspect object for one container.</summary>
    public JsonObject Inspect(ContainerRecord record, bool size) => ContainerInspectBuilder.Build(this, record, size);

    /// <summary>`port`: the container's published ports as "80/tcp -> 0.0.0.0:8080".</summary>
    public IReadOnlyList<string> Ports(ContainerRecord record, string? filter)
    {
        var lines = new List<string>();
        foreach (var m in PortMappings(record))
        {
            var key = $"{m.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{m.Protocol}";
            if (filter is not null && filter != key && filter != m.ContainerPort.ToString(CultureInfo.InvariantCulture))
            {
                continue;
            }

            var host = $"{(m.HostIp.Length == 0 ? "0.0.0.0" : m.HostIp)}:{m.HostPort.ToString(CultureInfo.InvariantCulture)}";
            lines.Add(filter is null ? $"{key} -> {host}" : host);
        }

        return lines;
    }

    /// <summary>
    /// The container's port mappings: while it runs, the host ports the network set-up reserved (random ones of
    /// -p 80 and -P included); otherwise the -p values as given.
    /// </summary>
    public IReadOnlyList<ContainerPorts.Mapping> PortMappings(ContainerRecord record)
    {
        var spec = record.Config.Network;
        if (ContainerState.IsActive(record.State) && (spec.Ports.Count > 0 || spec.PublishAll))
        {
            var published = _engine.Networks.PublishedPorts(record.Id);
            if (published.Count > 0)
            {
                return published.SelectMany(p => Enumerable.Range(0, Math.Max((int)p.Range, 1))
                    .Select(i => new ContainerPorts.Mapping(p.HostIp, p.HostPort + i, p.ContainerPort + i, p.Protocol))).ToList();
            }
        }

        return ContainerPorts.Parse(spec.Ports);
    }
}
